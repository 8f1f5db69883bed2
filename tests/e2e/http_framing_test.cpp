// RFC 9112 / RFC 9110 framing and head rules, each over a raw keep-alive connection: the hostile
// request is followed by a second request in the same packet, so a server that read the first one
// differently than a proxy would (a desync) answers twice. Every refusal here must be the only
// answer, carry `Connection: close`, and end the connection.
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace crest::testing {
namespace {

class HttpFraming : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server = new ServerProcess(CREST_FIXTURE_SERVER); }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static ServerProcess* server;

  // The smuggled request: if the server ever answers it, the connection was desynchronised.
  static constexpr const char* kSmuggled = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";

  // Status lines: "HTTP/1.1 " and three digits (a message may mention "HTTP/1.1" too).
  static std::size_t count_responses(const std::string& out) {
    std::size_t count = 0;
    for (auto at = out.find("HTTP/1.1 "); at != std::string::npos; at = out.find("HTTP/1.1 ", at + 1))
      if (at + 12 <= out.size() && std::isdigit(static_cast<unsigned char>(out[at + 9])) &&
          std::isdigit(static_cast<unsigned char>(out[at + 10])) && std::isdigit(static_cast<unsigned char>(out[at + 11])))
        ++count;
    return count;
  }

  // Sends `request` + the smuggled request; expects one answer of `status` and a closed connection.
  static void expect_refused(const std::string& request, int status) {
    RawConnection c(server->port());
    ASSERT_TRUE(c.send(request + kSmuggled));
    std::string out = c.receive(3000);
    EXPECT_EQ(out.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0), 0u) << out;
    EXPECT_EQ(count_responses(out), 1u) << "a second response: the connection was desynchronised\n" << out;
    EXPECT_NE(out.find("Connection: close"), std::string::npos) << out;
    EXPECT_TRUE(c.closed_by_peer(3000));
    EXPECT_EQ(get(server->url("/health/live")).status, 200);
  }

  static std::string post_echo(const std::string& framing, const std::string& body) {
    return "POST /__test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing +
           "\r\n" + body;
  }
};
ServerProcess* HttpFraming::server = nullptr;

const std::string kBody = R"({"email":"a@b.io","items":[{"sku":"x","quantity":1}]})";

std::string chunked(const std::string& body) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx", body.size());
  return std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n";
}

TEST_F(HttpFraming, Control_ChunkedBodyIsReadAndTheNextRequestAnswered) {
  RawConnection c(server->port());
  ASSERT_TRUE(c.send(post_echo("Transfer-Encoding: chunked\r\n", chunked(kBody)) + kSmuggled));
  std::string out = c.receive(3000, "\"status\":\"ok\"");
  EXPECT_EQ(out.rfind("HTTP/1.1 201 ", 0), 0u) << out;
  EXPECT_EQ(count_responses(out), 2u) << out;
}

TEST_F(HttpFraming, TransferEncodingWithContentLengthIs400AndCloses) {
  expect_refused(post_echo("Transfer-Encoding: chunked\r\nContent-Length: " + std::to_string(kBody.size()) + "\r\n",
                           chunked(kBody)),
                 400);
}

TEST_F(HttpFraming, UnknownCodingWithContentLengthIs400AndCloses) {
  expect_refused(post_echo("Transfer-Encoding: xchunked\r\nContent-Length: " + std::to_string(kBody.size()) + "\r\n",
                           kBody),
                 400);
}

TEST_F(HttpFraming, ChunkedNotLastIs400AndCloses) {
  expect_refused(post_echo("Transfer-Encoding: chunked, identity\r\n", chunked(kBody)), 400);
}

TEST_F(HttpFraming, QuotedChunkedIs400AndCloses) {
  expect_refused(post_echo("Transfer-Encoding: \"chunked\"\r\n", chunked(kBody)), 400);
}

TEST_F(HttpFraming, ChunkedWithParametersIs400AndCloses) {
  expect_refused(post_echo("Transfer-Encoding: chunked;q=1\r\n", chunked(kBody)), 400);
}

TEST_F(HttpFraming, ObsFoldIs400AndCloses) {
  expect_refused(post_echo("Transfer-Encoding: identity\r\n chunked\r\nContent-Length: 3\r\n", chunked(kBody)), 400);
  expect_refused("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Note: one\r\n\ttwo\r\n\r\n", 400);
}

TEST_F(HttpFraming, UnimplementedTransferCodingIs501AndCloses) {
  expect_refused(post_echo("Transfer-Encoding: gzip, chunked\r\n", chunked(kBody)), 501);
  expect_refused(post_echo("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", chunked(kBody)), 501);
  expect_refused(post_echo("Transfer-Encoding: xchunked\r\n", chunked(kBody)), 501);
}

TEST_F(HttpFraming, ContentEncodingOfTheRequestIs415) {
  expect_refused(post_echo("Content-Encoding: gzip\r\nContent-Length: " + std::to_string(kBody.size()) + "\r\n", kBody),
                 415);
  expect_refused(post_echo("Content-Encoding: br\r\nContent-Length: " + std::to_string(kBody.size()) + "\r\n", kBody),
                 415);
}

TEST_F(HttpFraming, ChunkExtensionOverAFewKilobytesIs400AndCloses) {
  std::string extension = ";name=" + std::string(5000, 'a');
  char size[32];
  std::snprintf(size, sizeof size, "%zx", kBody.size());
  expect_refused(post_echo("Transfer-Encoding: chunked\r\n", std::string(size) + extension + "\r\n" + kBody + "\r\n0\r\n\r\n"),
                 400);
}

TEST_F(HttpFraming, ChunkSizeLineWithoutEndIsRefusedWithoutBufferingIt) {
  RawConnection c(server->port());
  ASSERT_TRUE(c.send(post_echo("Transfer-Encoding: chunked\r\n", "10;x=")));
  std::string endless(1 << 20, 'a');
  c.send(endless);  // may fail part-way once the server has closed
  std::string out = c.receive(3000);
  EXPECT_EQ(out.rfind("HTTP/1.1 400 ", 0), 0u) << out.substr(0, 200);
  EXPECT_EQ(get(server->url("/health/live")).status, 200);
}

TEST_F(HttpFraming, Http11WithoutHostIs400) {
  expect_refused("GET /health/live HTTP/1.1\r\n\r\n", 400);
}

TEST_F(HttpFraming, TwoHostHeadersAre400) {
  expect_refused("GET /health/live HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
}

TEST_F(HttpFraming, HostWithASpaceIs400) {
  expect_refused("GET /health/live HTTP/1.1\r\nHost: a b\r\n\r\n", 400);
}

TEST_F(HttpFraming, Http10WithoutHostIsServed) {
  RawConnection c(server->port());
  ASSERT_TRUE(c.send("GET /health/live HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(c.receive(3000).rfind("HTTP/1.1 200 ", 0), 0u);
}

TEST_F(HttpFraming, TargetWithoutLeadingSlashIs400) {
  expect_refused("GET health/live HTTP/1.1\r\nHost: x\r\n\r\n", 400);
}

TEST_F(HttpFraming, AbsoluteFormTargetIsServedByItsPath) {
  RawConnection c(server->port());
  ASSERT_TRUE(c.send("GET http://x/health/live HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c.receive(3000, "}").rfind("HTTP/1.1 200 ", 0), 0u);
}

TEST_F(HttpFraming, WhitespaceBeforeTheColonIs400) {
  expect_refused("GET /health/live HTTP/1.1\r\nHost : x\r\n\r\n", 400);
}

TEST_F(HttpFraming, ControlCharactersAndInvalidUtf8InAHeaderAre400) {
  expect_refused(std::string("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Note: a\x01z\r\n\r\n"), 400);
  expect_refused(std::string("GET /health/live HTTP/1.1\r\nHost: x\r\nUser-Agent: caf\xE9\r\n\r\n"), 400);
}

TEST_F(HttpFraming, MalformedContentLengthIs400AndCloses) {
  expect_refused(post_echo("Content-Length: 5, 5\r\n", "hello"), 400);
  expect_refused(post_echo("Content-Length: +5\r\n", "hello"), 400);
  expect_refused(post_echo("Content-Length: 5\r\nContent-Length: 6\r\n", "hello!"), 400);
}

// Percent-decoding: not an HTTP framing rule, but the same hostile bytes at the same layer.
TEST_F(HttpFraming, InvalidPercentEncodingInPathOrQueryIs400) {
  for (const char* target : {"/__test/items/%zz", "/__test/items/1%", "/__test/items/%ff", "/__test/items/%C0%AF",
                             "/__test/items/1?status=%ff", "/__test/items/1?status=%", "/__test/items/1?st%ffatus=x",
                             "/__test/items/%00", "/api/v1/%ff"}) {
    auto r = get(server->url(target));
    EXPECT_EQ(r.status, 400) << target << ": " << r.body;
  }
  EXPECT_EQ(get(server->url("/__test/items/%31")).status, 200);
}

}  // namespace
}  // namespace crest::testing
