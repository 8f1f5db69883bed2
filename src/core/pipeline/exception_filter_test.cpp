#include "core/pipeline/exception_filter.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace crest {
namespace {

http::Response filter(std::exception_ptr error) {
  http::Request request;
  RequestContext ctx(request, "req-1");
  return ExceptionFilter().to_response(error, ctx);
}

template <class Error>
void expect_status(Error error, int status, const char* reason) {
  auto response = filter(std::make_exception_ptr(error));
  EXPECT_EQ(response.status, status) << reason;
  auto body = boost::json::parse(response.body);
  EXPECT_EQ(body.at("success"), false);
  EXPECT_EQ(body.at("statusCode"), status);
  EXPECT_EQ(body.at("error"), reason);
  EXPECT_EQ(body.at("requestId"), "req-1");
  EXPECT_TRUE(body.at("timestamp").is_string());
}

TEST(ExceptionFilter, TypedErrorsMapToTheirStatus) {
  expect_status(BadRequest(), 400, "Bad Request");
  expect_status(Unauthorized(), 401, "Unauthorized");
  expect_status(Forbidden(), 403, "Forbidden");
  expect_status(NotFound(), 404, "Not Found");
  expect_status(Conflict(), 409, "Conflict");
  expect_status(PayloadTooLarge(), 413, "Payload Too Large");
  expect_status(UnsupportedMediaType(), 415, "Unsupported Media Type");
  expect_status(TooManyRequests(5), 429, "Too Many Requests");
  expect_status(ServiceUnavailable(), 503, "Service Unavailable");
}

TEST(ExceptionFilter, BadRequestCarriesFieldDetails) {
  auto response = filter(std::make_exception_ptr(
      BadRequest("Validation failed", {{"items[2].quantity", "too_small", "Number must be greater than or equal to 1"}})));
  auto details = boost::json::parse(response.body).at("details");
  EXPECT_EQ(details.at(0).at("path"), "items[2].quantity");
  EXPECT_EQ(details.at(0).at("code"), "too_small");
}

TEST(ExceptionFilter, TooManyRequestsSetsRetryAfter) {
  auto response = filter(std::make_exception_ptr(TooManyRequests(7)));
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0], (std::pair<std::string, std::string>{"Retry-After", "7"}));
}

TEST(ExceptionFilter, AnyOtherExceptionIsAGeneric500) {
  auto response = filter(std::make_exception_ptr(std::runtime_error("SELECT * FROM secrets failed")));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secrets"), std::string::npos);
  EXPECT_EQ(boost::json::parse(response.body).at("message"), "Internal server error");
  EXPECT_EQ(filter(std::make_exception_ptr(42)).status, 500);
}

}  // namespace
}  // namespace crest
