#include "core/http/response_head.hpp"

#include <gtest/gtest.h>

namespace crest::http {
namespace {

Response json_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

TEST(ResponseHead, StatusLineTypeHeadersAndLengthInThatOrder) {
  Response response = json_response(201, R"({"a":1})");
  response.set_header("X-Request-Id", "req-1");
  EXPECT_EQ(response_head(response, response.body.size(), true),
            "HTTP/1.1 201 Created\r\n"
            "Content-Type: application/json; charset=utf-8\r\n"
            "X-Request-Id: req-1\r\n"
            "Content-Length: 7\r\n"
            "\r\n");
}

TEST(ResponseHead, NoContentHasNeitherTypeNorLength) {
  EXPECT_EQ(response_head(json_response(204, ""), 0, true), "HTTP/1.1 204 No Content\r\n\r\n");
}

TEST(ResponseHead, NotModifiedHasNoLength) {
  EXPECT_EQ(response_head(json_response(304, ""), 0, true).find("Content-Length"), std::string::npos);
}

TEST(ResponseHead, ConnectionCloseWhenNotKeptAlive) {
  std::string head = response_head(json_response(200, "{}"), 2, false);
  EXPECT_NE(head.find("\r\nConnection: close\r\n\r\n"), std::string::npos) << head;
  EXPECT_EQ(response_head(json_response(200, "{}"), 2, true).find("Connection"), std::string::npos);
}

TEST(ResponseHead, HeadRequestAnnouncesTheLengthOfTheBodyItDoesNotSend) {
  EXPECT_NE(response_head(json_response(200, ""), 512, true).find("Content-Length: 512\r\n"), std::string::npos);
}

TEST(ResponseHead, HandlersContentTypeReplacesTheDefault) {
  Response response = json_response(200, "# HELP");
  response.set_header("content-type", "text/plain; version=0.0.4");
  std::string head = response_head(response, response.body.size(), true);
  EXPECT_EQ(head.find("application/json"), std::string::npos) << head;
  EXPECT_NE(head.find("content-type: text/plain; version=0.0.4\r\n"), std::string::npos) << head;
}

TEST(ResponseHead, FramingHeadersFromHandlersAreIgnored) {
  Response response = json_response(200, "abc");
  response.set_header("Content-Length", "999");
  response.set_header("Transfer-Encoding", "chunked");
  response.set_header("connection", "upgrade");
  EXPECT_EQ(response_head(response, 3, true),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 3\r\n\r\n");
}

TEST(ResponseHead, LineBreaksInAHeaderCannotSplitTheResponse) {
  Response response = json_response(200, "");
  response.set_header("X-Echo", "a\r\nSet-Cookie: stolen=1");
  std::string head = response_head(response, 0, true);
  EXPECT_NE(head.find("X-Echo: a  Set-Cookie: stolen=1\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("\r\nSet-Cookie"), std::string::npos) << head;
}

TEST(ResponseHead, UnknownStatusHasAnEmptyReason) {
  EXPECT_EQ(response_head(json_response(299, ""), 0, true).substr(0, 15), "HTTP/1.1 299 \r\n");
}

}  // namespace
}  // namespace crest::http
