// Two `crest serve` instances on one PostgreSQL database and one Redis, as behind a load
// balancer: a session ended on one instance stops working on the other long before the other's
// auth cache expires. The cache lives 300 s here (CREST_AUTH_CACHE_TTL), so only the message
// through Redis can make the other instance refuse the token within the test's 10 s.
#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int kSubscribedWithinMs = 10'000;

// GET /me as `who` until it answers `wanted` or `limit` passes; the last status.
long me_status_until(const ApiServer& server, const Account& who, long wanted, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  long status = server.call(who, "GET", "/api/v1/me").status;
  while (status != wanted && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
    status = server.call(who, "GET", "/api/v1/me").status;
  }
  return status;
}

class AuthCacheAcrossInstances : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* redis = std::getenv("CREST_TEST_REDIS_URL");
    if (!redis || !*redis) GTEST_SKIP() << "CREST_TEST_REDIS_URL is not set (./scripts/test sets it)";
    redis_url = redis;
    // Channels of their own, also when the test repeats in one process.
    prefix = "crest_cache_" + std::to_string(getpid()) + "_" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ":";
    env = {{"REDIS_URL", redis_url},
           {"CREST_REDIS_PREFIX", prefix},
           {"CREST_AUTH_CACHE_TTL", "300s"},
           {"CREST_REFRESH_REUSE_GRACE", "0"}};
    a = std::make_unique<ApiServer>("postgres", env);
    if (a->skipped()) GTEST_SKIP() << "CREST_TEST_DATABASE_URL is not set (./scripts/test sets it)";
    b = a->another_instance(env);
    // A message published before an instance subscribed would never reach it.
    ASSERT_TRUE(a->process().wait_for_log("Redis subscription ready", kSubscribedWithinMs));
    ASSERT_TRUE(b->process().wait_for_log("Redis subscription ready", kSubscribedWithinMs));
  }
  void TearDown() override {
    if (b) b->expect_no_token_in_logs();
    if (a && !a->skipped()) a->expect_no_token_in_logs();
    b.reset();  // before the instance that owns the database
    a.reset();
  }
  // Ann's access token works on B, which now has her session in its cache for 300 s.
  Account ann_known_to_b() {
    Account ann = a->register_account("ann@example.com", "Acme");
    EXPECT_EQ(b->call(ann, "GET", "/api/v1/me").status, 200);
    return ann;
  }
  std::string redis_url, prefix;
  std::map<std::string, std::string> env;
  std::unique_ptr<ApiServer> a, b;
};

TEST_F(AuthCacheAcrossInstances, ALogoutOnOneInstanceEndsTheAccessTokenOnTheOther) {
  Account ann = ann_known_to_b();
  ASSERT_EQ(a->call("POST", "/api/v1/auth/logout", json::object{{"refreshToken", ann.refresh_token}}).status, 200);
  EXPECT_EQ(me_status_until(*b, ann, 401, 10s), 401);
}

TEST_F(AuthCacheAcrossInstances, ALogoutAllOnOneInstanceEndsEverySessionOnTheOther) {
  Account ann = ann_known_to_b();
  Account ann_elsewhere = a->login("ann@example.com", "correct horse");
  ASSERT_EQ(b->call(ann_elsewhere, "GET", "/api/v1/me").status, 200);
  ASSERT_EQ(a->call(ann, "POST", "/api/v1/auth/logout-all").status, 200);
  EXPECT_EQ(me_status_until(*b, ann, 401, 10s), 401);
  EXPECT_EQ(me_status_until(*b, ann_elsewhere, 401, 10s), 401);
}

TEST_F(AuthCacheAcrossInstances, AReusedRefreshTokenOnOneInstanceEndsItsFamilyOnTheOther) {
  Account ann = ann_known_to_b();
  json::object refresh{{"refreshToken", ann.refresh_token}};
  ASSERT_EQ(a->call("POST", "/api/v1/auth/refresh", refresh).status, 200);
  ASSERT_EQ(a->call("POST", "/api/v1/auth/refresh", refresh).status, 401);  // a replay
  EXPECT_EQ(me_status_until(*b, ann, 401, 10s), 401);
}

TEST_F(AuthCacheAcrossInstances, AMemberRemovedOnOneInstanceIsRefusedOnTheOther) {
  Account ann = a->register_account("ann@example.com", "Acme");
  Account vic = a->invite(ann, "vic@example.com", "Viewer");
  ASSERT_EQ(b->call(vic, "GET", "/api/v1/companies").status, 200);
  ASSERT_EQ(a->call(ann, "DELETE", "/api/v1/members/" + vic.user_id).status, 200);
  EXPECT_EQ(me_status_until(*b, vic, 401, 10s), 401);
  EXPECT_EQ(b->call(ann, "GET", "/api/v1/me").status, 200);  // only Vic was forgotten
}

TEST_F(AuthCacheAcrossInstances, ADeactivationFromTheCliReachesTheRunningInstances) {
  Account ann = ann_known_to_b();
  auto [code, out] = run_command("DATABASE_URL='" + a->database_url() + "' REDIS_URL='" + redis_url +
                                 "' CREST_REDIS_PREFIX='" + prefix + "' " CREST_BINARY " users deactivate ann@example.com");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("2 running instance(s) told through Redis"), std::string::npos) << out;
  EXPECT_EQ(me_status_until(*b, ann, 401, 10s), 401);
  EXPECT_EQ(me_status_until(*a, ann, 401, 10s), 401);
}

// The control: the same two instances without Redis. B trusts its cache, so the token ended on A
// still works on B (until the 300 s are up); the tests above pass only through the message.
TEST(AuthCacheWithoutRedis, TheOtherInstanceKeepsTrustingItsCacheUntilItExpires) {
  std::map<std::string, std::string> env{{"CREST_AUTH_CACHE_TTL", "300s"}};
  auto a = std::make_unique<ApiServer>("postgres", env);
  if (a->skipped()) GTEST_SKIP() << "CREST_TEST_DATABASE_URL is not set (./scripts/test sets it)";
  auto b = a->another_instance(env);
  Account ann = a->register_account("ann@example.com", "Acme");
  ASSERT_EQ(b->call(ann, "GET", "/api/v1/me").status, 200);
  ASSERT_EQ(a->call("POST", "/api/v1/auth/logout", json::object{{"refreshToken", ann.refresh_token}}).status, 200);
  EXPECT_EQ(a->call(ann, "GET", "/api/v1/me").status, 401);  // the instance that made the change
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(b->call(ann, "GET", "/api/v1/me").status, 200);
  b.reset();
}

}  // namespace
}  // namespace crest::testing
