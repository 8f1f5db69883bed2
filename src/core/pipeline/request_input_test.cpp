#include "core/pipeline/request_input.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace crest {
namespace {

http::Request json_request(std::string body, std::string type = "application/json") {
  http::Request r;
  r.method = "POST";
  r.headers.emplace_back("content-type", std::move(type));
  r.body = std::move(body);
  return r;
}

TEST(ParseQuery, DecodesAndGroupsRepeatedKeys) {
  auto q = parse_query("a=1&b=x%20y+z&a=2&empty=&flag");
  EXPECT_EQ(q.at("a"), (boost::json::array{"1", "2"}));
  EXPECT_EQ(q.at("b"), "x y z");
  EXPECT_EQ(q.at("empty"), "");
  EXPECT_EQ(q.at("flag"), "");
}

TEST(ParseJsonBody, MalformedJsonNamesThePosition) {
  try {
    parse_json_body(json_request(R"({"a": 1,, })"));
    FAIL() << "expected BadRequest";
  } catch (const BadRequest& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_NE(std::string(e.what()).find("position 8"), std::string::npos) << e.what();
  }
}

TEST(ParseJsonBody, TruncatedJsonIsBadRequest) {
  EXPECT_THROW(parse_json_body(json_request(R"({"a": )")), BadRequest);
}

TEST(ParseJsonBody, TrailingGarbageIsBadRequest) {
  EXPECT_THROW(parse_json_body(json_request(R"({"a":1} x)")), BadRequest);
}

TEST(ParseJsonBody, InvalidUtf8IsBadRequest) {
  EXPECT_THROW(parse_json_body(json_request("{\"a\":\"\xC3\x28\"}")), BadRequest);
}

TEST(ParseJsonBody, NonJsonContentTypeIs415) {
  EXPECT_THROW(parse_json_body(json_request("a=1", "application/x-www-form-urlencoded")),
               UnsupportedMediaType);
}

TEST(ParseJsonBody, JsonWithCharsetIsAccepted) {
  auto v = parse_json_body(json_request(R"({"a":1})", "application/json; charset=utf-8"));
  EXPECT_EQ(v.at("a"), 1);
}

TEST(ParseJsonBody, EmptyBodyIsAnEmptyObject) {
  EXPECT_TRUE(parse_json_body(json_request("", "")).as_object().empty());
}

TEST(ParseJsonBody, DeepNestingIsRefused) {
  EXPECT_THROW(parse_json_body(json_request(std::string(1000, '[') + std::string(1000, ']'))), BadRequest);
}

}  // namespace
}  // namespace crest
