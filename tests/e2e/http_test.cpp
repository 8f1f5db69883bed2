// End-to-end tests over real HTTP against the crest application (plus fixture routes).
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <set>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class HttpE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess(CREST_FIXTURE_SERVER, {{"CORS_ORIGINS", "https://app.example"}});
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static std::string url(const std::string& path) { return server->url(path); }
  static ServerProcess* server;
};
ServerProcess* HttpE2E::server = nullptr;

TEST_F(HttpE2E, VersionAnswersWithTheSuccessEnvelope) {
  auto r = get(url("/api/v1/version"));
  ASSERT_EQ(r.status, 200);
  auto body = r.json();
  EXPECT_EQ(body.at("success"), true);
  EXPECT_EQ(body.at("data").at("name"), "crest");
  EXPECT_TRUE(body.at("timestamp").is_string());
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
}

TEST_F(HttpE2E, RequestIdIsEchoedInHeaderErrorBodyAndLog) {
  auto r = get(url("/nope"), {"X-Request-Id: trace-abc-123"});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("x-request-id"), "trace-abc-123");
  EXPECT_EQ(r.json().at("requestId"), "trace-abc-123");
  EXPECT_TRUE(server->wait_for_log("\"reqId\":\"trace-abc-123\"", 2000));
}

TEST_F(HttpE2E, GeneratedRequestIdWhenNoneIsGiven) {
  auto r = get(url("/api/v1/version"));
  EXPECT_EQ(r.header("x-request-id").size(), 36u);
}

TEST_F(HttpE2E, UnknownPathIs404WithErrorEnvelope) {
  auto r = get(url("/api/v1/nothing-here"));
  ASSERT_EQ(r.status, 404);
  auto body = r.json();
  EXPECT_EQ(body.at("success"), false);
  EXPECT_EQ(body.at("statusCode"), 404);
  EXPECT_EQ(body.at("error"), "Not Found");
  EXPECT_TRUE(body.at("message").is_string());
}

TEST_F(HttpE2E, OtherMethodOnKnownPathIs405WithAllow) {
  auto r = send({"DELETE", url("/api/v1/version"), "", {}});
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, HEAD, OPTIONS");
}

TEST_F(HttpE2E, HeadHasHeadersButNoBody) {
  auto r = send({"HEAD", url("/api/v1/version"), "", {}});
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_NE(r.header("content-length"), "0");
}

TEST_F(HttpE2E, OptionsListsAllowedMethods) {
  auto r = send({"OPTIONS", url("/api/v1/version"), "", {}});
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("allow"), "GET, HEAD, OPTIONS");
}

TEST_F(HttpE2E, CorsPreflightAndSimpleRequestForAllowedOrigin) {
  auto pre = send({"OPTIONS", url("/__test/echo"), "",
                   {"Origin: https://app.example", "Access-Control-Request-Method: POST",
                    "Access-Control-Request-Headers: content-type, authorization"}});
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("access-control-allow-origin"), "https://app.example");
  EXPECT_EQ(pre.header("access-control-allow-headers"), "content-type, authorization");
  EXPECT_NE(pre.header("access-control-allow-methods").find("POST"), std::string::npos);
  auto simple = get(url("/api/v1/version"), {"Origin: https://app.example"});
  EXPECT_EQ(simple.header("access-control-allow-origin"), "https://app.example");
  EXPECT_EQ(simple.header("vary"), "Origin");
}

TEST_F(HttpE2E, CorsHeadersAbsentForOtherOrigins) {
  auto r = get(url("/api/v1/version"), {"Origin: https://evil.example"});
  EXPECT_EQ(r.header("access-control-allow-origin"), "");
}

TEST_F(HttpE2E, ValidBodyIsAcceptedAndNormalised) {
  auto r = post_json(url("/__test/echo"), R"({"email":"a@b.io","items":[{"sku":" x ","quantity":2}]})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("data").at("items").at(0).at("sku"), "x");
}

TEST_F(HttpE2E, ValidationErrorsListEveryFieldWithPathAndCode) {
  auto r = post_json(url("/__test/echo"),
                     R"({"email":"bad","items":[{"sku":"a","quantity":1},{"sku":"b","quantity":0}],"role":"admin"})");
  ASSERT_EQ(r.status, 400);
  auto body = r.json();
  EXPECT_EQ(body.at("message"), "Validation failed");
  std::set<std::pair<std::string, std::string>> details;
  for (const auto& d : body.at("details").as_array())
    details.emplace(json::value_to<std::string>(d.at("path")), json::value_to<std::string>(d.at("code")));
  EXPECT_TRUE(details.count({"email", "invalid_string"}));
  EXPECT_TRUE(details.count({"items[1].quantity", "too_small"}));
  EXPECT_TRUE(details.count({"", "unrecognized_keys"}));
  EXPECT_EQ(details.size(), 3u);
}

TEST_F(HttpE2E, MalformedJsonIs400WithPosition) {
  auto r = post_json(url("/__test/echo"), R"({"email": "a@b.io",})");
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(json::value_to<std::string>(r.json().at("message")).find("Malformed JSON at position"),
            std::string::npos);
}

TEST_F(HttpE2E, NonJsonContentTypeIs415) {
  auto r = send({"POST", url("/__test/echo"), "email=a", {"Content-Type: text/plain"}});
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(r.json().at("statusCode"), 415);
}

TEST_F(HttpE2E, BodyOverTheRouteLimitIs413) {
  std::string big = R"({"email":"a@b.io","note":")" + std::string(5000, 'x') + R"("})";
  auto r = post_json(url("/__test/echo"), big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json().at("error"), "Payload Too Large");
}

TEST_F(HttpE2E, BodyOverTheDefaultLimitIs413) {
  auto r = post_json(url("/api/v1/version"), std::string(1024 * 1024 + 10, ' '));
  EXPECT_EQ(r.status, 413);
}

TEST_F(HttpE2E, HeadersOver16KiBAre431) {
  auto r = get(url("/api/v1/version"), {"X-Big: " + std::string(17 * 1024, 'a')});
  EXPECT_EQ(r.status, 431);
}

TEST_F(HttpE2E, ParamsAndQueryAreCoercedAndValidated) {
  auto ok = get(url("/__test/items/42?flag=true&status=Inactive"));
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto data = ok.json().at("data");
  EXPECT_EQ(data.at("params").at("id"), 42);
  EXPECT_EQ(data.at("query").at("flag"), true);
  EXPECT_EQ(data.at("query").at("status"), "Inactive");
  EXPECT_EQ(data.at("query").at("page"), 1);
  auto bad = get(url("/__test/items/zero?page=0"));
  ASSERT_EQ(bad.status, 400);
  std::set<std::string> paths;
  auto bad_body = bad.json();
  for (const auto& d : bad_body.at("details").as_array()) paths.insert(json::value_to<std::string>(d.at("path")));
  EXPECT_EQ(paths, (std::set<std::string>{"id", "page"}));
}

TEST_F(HttpE2E, EnumValuesInAQueryAreExact_AWrongCaseIs400ListingThem) {
  auto r = get(url("/__test/items/42?status=inactive"));
  ASSERT_EQ(r.status, 400) << r.body;
  auto detail = r.json().at("details").at(0);
  EXPECT_EQ(detail.at("path"), "status");
  EXPECT_EQ(detail.at("code"), "invalid_enum_value");
  EXPECT_NE(std::string(detail.at("message").as_string()).find("'Active' | 'Inactive'"), std::string::npos);
}

TEST_F(HttpE2E, SecurityHeadersOnEveryResponse_NoStoreUnlessARouteSaysOtherwise) {
  for (const auto& r : {get(url("/api/v1/version")), get(url("/api/v1/nothing-here")), get(url("/__test/private"))}) {
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(r.header("cache-control"), "no-store");
    EXPECT_EQ(r.header("strict-transport-security"), "");  // not unless CREST_HSTS is set
    EXPECT_EQ(r.header("content-security-policy"), "");
  }
  EXPECT_EQ(get(url("/metrics")).header("cache-control"), "no-cache");  // the route's own
  auto docs = get(url("/docs"));
  ASSERT_EQ(docs.status, 200);
  EXPECT_NE(docs.header("content-security-policy").find("default-src 'self'"), std::string::npos);
  EXPECT_NE(docs.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
}

TEST(TrustedProxies, TheClientAddressComesFromXForwardedForOnlyWhenThePeerIsTrusted) {
  ServerProcess behind_lb(CREST_FIXTURE_SERVER, {{"CREST_TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.0/8"}});
  get(behind_lb.url("/api/v1/version"), {"X-Forwarded-For: 6.6.6.6, 198.51.100.7", "X-Request-Id: via-lb"});
  EXPECT_TRUE(behind_lb.wait_for_log("\"remoteAddress\":\"198.51.100.7\"", 3000));
  // Throttles count the client, not the balancer: two clients behind one proxy have two buckets.
  for (int i = 0; i < 2; ++i) EXPECT_EQ(get(behind_lb.url("/__test/throttled"), {"X-Forwarded-For: 198.51.100.1"}).status, 200);
  EXPECT_EQ(get(behind_lb.url("/__test/throttled"), {"X-Forwarded-For: 198.51.100.1"}).status, 429);
  EXPECT_EQ(get(behind_lb.url("/__test/throttled"), {"X-Forwarded-For: 198.51.100.2"}).status, 200);

  ServerProcess direct(CREST_FIXTURE_SERVER);
  get(direct.url("/api/v1/version"), {"X-Forwarded-For: 198.51.100.7", "X-Request-Id: forged"});
  EXPECT_TRUE(direct.wait_for_log("\"reqId\":\"forged\"", 3000));
  for (const auto& line : direct.log_lines()) EXPECT_EQ(line.find("198.51.100.7"), std::string::npos) << line;
}

TEST(HttpHsts, StrictTransportSecurityWhenConfigured) {
  ServerProcess hsts(CREST_BINARY, {{"CREST_HSTS", "365d"}});
  auto r = get(hsts.url("/api/v1/version"));
  EXPECT_EQ(r.header("strict-transport-security"), "max-age=31536000; includeSubDomains");
}

TEST_F(HttpE2E, UnexpectedExceptionIsAGeneric500AndDetailOnlyInLog) {
  auto r = get(url("/__test/boom"), {"X-Request-Id: boom-1"});
  ASSERT_EQ(r.status, 500);
  EXPECT_EQ(r.json().at("message"), "Internal server error");
  EXPECT_EQ(r.body.find("secret internal detail"), std::string::npos);
  EXPECT_TRUE(server->wait_for_log("secret internal detail", 2000));
  EXPECT_EQ(get(url("/api/v1/version")).status, 200);  // still serving
}

TEST_F(HttpE2E, ResponseBreakingItsDeclaredSchemaIs500) {
  EXPECT_EQ(get(url("/__test/bad-response")).status, 500);
}

TEST_F(HttpE2E, NonPublicRouteWithoutCredentialsIs401) {
  auto r = get(url("/__test/private"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json().at("error"), "Unauthorized");
}

TEST_F(HttpE2E, ThrottledRouteAnswers429WithRetryAfterAndRateLimitHeaders) {
  auto first = get(url("/__test/throttled"));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.header("ratelimit-limit"), "2");
  EXPECT_EQ(first.header("ratelimit-remaining"), "1");
  EXPECT_EQ(get(url("/__test/throttled")).status, 200);
  auto third = get(url("/__test/throttled"));
  EXPECT_EQ(third.status, 429);
  EXPECT_FALSE(third.header("retry-after").empty());
  EXPECT_EQ(third.header("ratelimit-remaining"), "0");
}

TEST_F(HttpE2E, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawConnection c(server->port());
  std::string request = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_TRUE(c.send(request + request));
  std::string out = c.receive(3000, "}\r\n");
  out += c.receive(1000);
  std::size_t count = 0;
  for (std::size_t at = out.find("HTTP/1.1 200"); at != std::string::npos; at = out.find("HTTP/1.1 200", at + 1)) ++count;
  EXPECT_EQ(count, 2u) << out;
}

TEST_F(HttpE2E, GarbageRequestLineIs400AndServerKeepsServing) {
  RawConnection c(server->port());
  ASSERT_TRUE(c.send("\x01\x02 NOT HTTP\r\n\r\n"));
  EXPECT_NE(c.receive(3000).find("400"), std::string::npos);
  EXPECT_EQ(get(url("/health/live")).status, 200);
}

TEST_F(HttpE2E, AccessLogLineHasPinoFields) {
  get(url("/api/v1/version"), {"X-Request-Id: log-fields-1"});
  ASSERT_TRUE(server->wait_for_log("log-fields-1", 2000));
  for (const auto& record : server->log_records()) {
    if (!record.contains("reqId") || record.at("reqId") != "log-fields-1") continue;
    EXPECT_EQ(record.at("level"), 30);
    EXPECT_TRUE(record.at("time").is_int64());
    EXPECT_EQ(record.at("msg"), "request completed");
    EXPECT_EQ(record.at("req").at("method"), "GET");
    EXPECT_EQ(record.at("req").at("url"), "/api/v1/version");
    EXPECT_EQ(record.at("res").at("statusCode"), 200);
    EXPECT_TRUE(record.at("responseTime").is_number());
    return;
  }
  FAIL() << "no access line for the request";
}

TEST_F(HttpE2E, ErrorStatusesLogAtWarnLevel) {
  get(url("/nope-warn"), {"X-Request-Id: warn-level-1"});
  ASSERT_TRUE(server->wait_for_log("warn-level-1", 2000));
  for (const auto& record : server->log_records()) {
    if (record.contains("reqId") && record.at("reqId") == "warn-level-1") {
      EXPECT_EQ(record.at("level"), 40);
    }
  }
}

TEST_F(HttpE2E, MetricsUseRouteTemplatesNotRawPaths) {
  get(url("/__test/items/7"));
  get(url("/__test/items/8"));
  auto r = get(url("/metrics"));
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"(route="/__test/items/:id")"), std::string::npos);
  EXPECT_EQ(r.body.find("/__test/items/7"), std::string::npos);
  for (const char* name : {"http_requests_total{", "http_request_duration_seconds_bucket{",
                           "process_resident_memory_bytes ", "process_cpu_seconds_total ",
                           "process_start_time_seconds ", "process_open_fds ",
                           "crest_db_connections{state=\"idle\"} ", "crest_db_statements_total "})
    EXPECT_NE(r.body.find(name), std::string::npos) << name;
}

TEST_F(HttpE2E, MetricsPassPromtoolCheck) {
  get(url("/api/v1/version"));
  auto metrics = get(url("/metrics")).body;
  std::string path = ::testing::TempDir() + "crest_metrics.txt";
  FILE* f = fopen(path.c_str(), "w");
  fwrite(metrics.data(), 1, metrics.size(), f);
  fclose(f);
  auto [code, output] = run_command("promtool check metrics < " + path);
  EXPECT_EQ(code, 0) << output;
}

TEST_F(HttpE2E, ReadyAndLiveAnswer200) {
  EXPECT_EQ(get(url("/health/live")).json().at("data").at("status"), "ok");
  EXPECT_EQ(get(url("/health/ready")).status, 200);
}

TEST_F(HttpE2E, OpenApiDocumentListsTheRoutes) {
  auto doc = get(url("/openapi.json")).json();
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/v1/version"));
  EXPECT_TRUE(doc.at("paths").as_object().contains("/__test/items/{id}"));
  EXPECT_FALSE(doc.at("paths").as_object().contains("/docs"));
}

TEST_F(HttpE2E, DocsPageAndAssetsAreServed) {
  auto page = get(url("/docs"));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("swagger-ui-bundle.js"), std::string::npos);
  auto bundle = get(url("/docs/swagger-ui-bundle.js"));
  EXPECT_EQ(bundle.status, 200);
  EXPECT_GT(bundle.body.size(), 100'000u);
}

}  // namespace
}  // namespace crest::testing
