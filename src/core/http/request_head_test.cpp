#include "core/http/request_head.hpp"

#include <gtest/gtest.h>

namespace crest::http {
namespace {

int status_of(const std::string& fields, const std::string& request_line = "POST /x HTTP/1.1") {
  return check_request_head(request_line + "\r\n" + fields + "\r\n").status;
}

TEST(RequestHead, AnOrdinaryHeadIsAccepted) {
  EXPECT_EQ(status_of("Host: api.example.com:8443\r\nContent-Length: 12\r\n"), 0);
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: chunked\r\n"), 0);
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: Chunked\r\n"), 0);
  EXPECT_EQ(status_of("Host: [::1]:3000\r\n"), 0);
  EXPECT_EQ(status_of("Host: x\r\nUser-Agent: caf\xC3\xA9\r\nX-Tab: a\tb\r\n"), 0);
  EXPECT_EQ(status_of("", "GET /x HTTP/1.0"), 0);  // HTTP/1.0 needs no Host
  EXPECT_EQ(status_of("Host: x\r\n", "OPTIONS * HTTP/1.1"), 0);
  EXPECT_EQ(status_of("Host: x\r\nContent-Encoding: identity\r\n"), 0);
}

TEST(RequestHead, AmbiguousFramingIs400) {
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: chunked, identity\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: \"chunked\"\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: chunked;q=1\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: ,\r\n"), 400);
  EXPECT_EQ(status_of("Transfer-Encoding: chunked\r\n", "POST /x HTTP/1.0"), 400);
  EXPECT_EQ(status_of("Host: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nContent-Length: -1\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nContent-Length: 99999999999999999999\r\n"), 400);
}

TEST(RequestHead, CodingsCrestDoesNotImplementAre501) {
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: gzip, chunked\r\n"), 501);
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"), 501);
  EXPECT_EQ(status_of("Host: x\r\nTransfer-Encoding: xchunked\r\n"), 501);
}

TEST(RequestHead, RequestContentCodingsAre415) {
  EXPECT_EQ(status_of("Host: x\r\nContent-Encoding: gzip\r\n"), 415);
  EXPECT_EQ(status_of("Host: x\r\nContent-Encoding: identity, br\r\n"), 415);
}

TEST(RequestHead, ObsFoldAndFieldSyntaxAre400) {
  EXPECT_EQ(status_of("Host: x\r\nX-A: one\r\n two\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nX-A: one\r\n\ttwo\r\n"), 400);
  EXPECT_EQ(status_of("Host : x\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nNo colon here\r\n"), 400);
  EXPECT_EQ(status_of("Host: x\r\nX-A: a\x7F\r\n"), 400);
  EXPECT_EQ(status_of(std::string("Host: x\r\nX-A: a\0b\r\n", 20)), 400);
  EXPECT_EQ(status_of("Host: x\r\nX-A: caf\xE9\r\n"), 400);
  EXPECT_EQ(check_request_head("GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n").status, 400);  // bare LF
}

TEST(RequestHead, HostRulesAre400) {
  EXPECT_EQ(status_of(""), 400);
  EXPECT_EQ(status_of("Host: a\r\nHost: b\r\n"), 400);
  EXPECT_EQ(status_of("Host: a b\r\n"), 400);
  EXPECT_EQ(status_of("Host: a/b\r\n"), 400);
  EXPECT_EQ(status_of("Host: a\r\nHost: a\r\n", "GET /x HTTP/1.0"), 400);
}

TEST(RequestHead, RequestTargetsOtherThanOriginAbsoluteOrAsteriskAre400) {
  EXPECT_EQ(status_of("Host: x\r\n", "GET health HTTP/1.1"), 400);
  EXPECT_EQ(status_of("Host: x\r\n", "GET * HTTP/1.1"), 400);
  EXPECT_EQ(status_of("Host: x\r\n", "CONNECT x:443 HTTP/1.1"), 400);
  EXPECT_EQ(status_of("Host: x\r\n", "GET http://x/a HTTP/1.1"), 0);
  EXPECT_EQ(status_of("Host: x\r\n", "GET /x HTTP/2.0"), 400);
  EXPECT_EQ(status_of("Host: x\r\n", "GET  /x HTTP/1.1"), 400);
}

TEST(RequestHead, OriginTargetTakesThePathOfAnAbsoluteTarget) {
  EXPECT_EQ(origin_target("/a/b?q=1"), "/a/b?q=1");
  EXPECT_EQ(origin_target("http://h:1/a?q"), "/a?q");
  EXPECT_EQ(origin_target("https://h"), "/");
  EXPECT_EQ(origin_target("http://h?q"), "/?q");
  EXPECT_EQ(origin_target("*"), "*");
}

}  // namespace
}  // namespace crest::http
