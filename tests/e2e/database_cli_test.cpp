// `crest migrate` and the schema rules of `crest serve`, on SQLite and on PostgreSQL.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace crest::testing {
namespace {

std::string unique_name(const std::string& prefix) {
  static int counter = 0;
  return prefix + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

// A fresh database URL on the engine under test.
class MigrateCli : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = ::testing::TempDir() + unique_name("crest_migrate_");
      url_ = "sqlite:" + dir_ + "/crest.db";
      return;
    }
    const char* admin = std::getenv("CREST_TEST_DATABASE_URL");
    if (!admin || !*admin) GTEST_SKIP() << "CREST_TEST_DATABASE_URL is not set (./scripts/test sets it)";
    admin_ = admin;
    name_ = unique_name("crest_cli_");
    auto [code, out] = run_command("psql -q '" + admin_ + "' -c 'CREATE DATABASE " + name_ + "'");
    ASSERT_EQ(code, 0) << out;
    url_ = admin_.substr(0, admin_.rfind('/') + 1) + name_;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!name_.empty()) run_command("psql -q '" + admin_ + "' -c 'DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)'");
  }
  std::pair<int, std::string> crest(const std::string& args) { return crest_env("", args); }
  std::pair<int, std::string> crest_env(const std::string& env, const std::string& args) {
    return run_command(env + "DATABASE_URL='" + url_ + "' CREST_DATA_DIR=" + ::testing::TempDir() + " " CREST_BINARY " " + args);
  }
  std::string url_, dir_, admin_, name_;
};

TEST_P(MigrateCli, StatusListsPendingThenUpAppliesThem) {
  auto [status_code, before] = crest("migrate status");
  ASSERT_EQ(status_code, 0) << before;
  EXPECT_NE(before.find("0001_workspaces"), std::string::npos);
  EXPECT_NE(before.find("pending"), std::string::npos);
  auto [up_code, up] = crest("migrate up");
  ASSERT_EQ(up_code, 0) << up;
  EXPECT_EQ(crest("migrate up").second, "applied 0 migration(s)\n");
  auto [after_code, after] = crest("migrate status");
  EXPECT_EQ(after.find("pending"), std::string::npos) << after;
  EXPECT_NE(after.find("applied 20"), std::string::npos) << after;
}

TEST_P(MigrateCli, ConcurrentMigratorProcessesApplyEachMigrationOnce) {
  std::pair<int, std::string> a, b;
  std::thread first([&] { a = crest("migrate up"); });
  std::thread second([&] { b = crest("migrate up"); });
  first.join();
  second.join();
  EXPECT_EQ(a.first, 0) << a.second;
  EXPECT_EQ(b.first, 0) << b.second;
  EXPECT_EQ(crest("migrate status").second.find("pending"), std::string::npos);
}

TEST_P(MigrateCli, ServeMigratesTheEmbeddedDefaultButRefusesPendingPostgres) {
  std::map<std::string, std::string> env{{"DATABASE_URL", url_}};
  if (GetParam() == "sqlite") {
    ServerProcess server(CREST_BINARY, env);
    auto ready = get(server.url("/health/ready")).json();
    EXPECT_EQ(ready.at("data").at("checks").at("database").at("status"), "up");
    EXPECT_EQ(crest("migrate status").second.find("pending"), std::string::npos);
    EXPECT_EQ(server.stop(), 0);
    return;
  }
  auto [code, out] = run_command("PORT=0 DATABASE_URL='" + url_ + "' " CREST_BINARY " serve");
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("pending migration"), std::string::npos) << out;
  ServerProcess server(CREST_BINARY, env, {"serve", "--migrate"});
  EXPECT_EQ(get(server.url("/health/ready")).status, 200);
  // The test connects as the superuser: crest says that row-level security does not bind it.
  EXPECT_TRUE(server.wait_for_log("row-level security does not apply", 2000));
  EXPECT_EQ(server.stop(), 0);  // pooled connections close before the event loop goes
}

INSTANTIATE_TEST_SUITE_P(Engines, MigrateCli, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(ServeDatabase, PoolMinimumIsOpenedAtStart) {
  ServerProcess server(CREST_BINARY, {{"CREST_DB_POOL_MIN", "3"}});
  // The writer plus three readers, opened in the background right after start.
  bool warmed = false;
  for (int i = 0; i < 200 && !warmed; ++i) {
    warmed = get(server.url("/metrics")).body.find("crest_db_connections{state=\"idle\"} 4\n") != std::string::npos;
    if (!warmed) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_TRUE(warmed) << get(server.url("/metrics")).body;
}

TEST(ServeDatabase, PoolMinimumAboveMaximumIsAConfigurationError) {
  auto [code, out] = run_command("CREST_DB_POOL_MIN=5 CREST_DB_POOL_MAX=2 " CREST_BINARY " serve");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("CREST_DB_POOL_MIN"), std::string::npos) << out;
}

TEST_P(MigrateCli, ProductionRefusesARoleThatBypassesRowLevelSecurity_UnlessAllowed) {
  if (GetParam() != "postgres") GTEST_SKIP() << "row-level security is PostgreSQL's";
  // The test database's owner here is the superuser the scripts start PostgreSQL with.
  std::string production = "CREST_ENV=production JWT_SECRET=a-production-secret-of-32-bytes-or-more PORT=0 ";
  auto [code, out] = crest_env(production, "serve --migrate");
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("BYPASSRLS"), std::string::npos) << out;
  ServerProcess allowed(CREST_BINARY, {{"CREST_ENV", "production"}, {"DATABASE_URL", url_},
                                       {"JWT_SECRET", "a-production-secret-of-32-bytes-or-more"},
                                       {"CREST_ALLOW_RLS_BYPASS", "true"}},
                        {"serve", "--migrate"});
  EXPECT_EQ(get(allowed.url("/health/live")).status, 200);
}

TEST(ServeDatabase, UnreachablePostgresStopsStartupWithAClearError) {
  auto [code, out] = run_command("PORT=0 CREST_DB_CONNECT_TIMEOUT=1s DATABASE_URL=postgres://nobody@127.0.0.1:1/none " CREST_BINARY " serve --migrate");
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("cannot connect to PostgreSQL"), std::string::npos) << out;
}

}  // namespace
}  // namespace crest::testing

namespace crest::testing {
namespace {

std::map<std::string, std::string> with_redis(const std::string& url, const std::string& prefix) {
  return {{"REDIS_URL", url}, {"CREST_REDIS_PREFIX", prefix}};
}

TEST(RedisRateLimit, TwoInstancesOnOneRedisShareTheLimit) {
  const char* redis = std::getenv("CREST_TEST_REDIS_URL");
  if (!redis || !*redis) GTEST_SKIP() << "CREST_TEST_REDIS_URL is not set (./scripts/test sets it)";
  std::string prefix = unique_name("crest_test_") + ":";
  ServerProcess a(CREST_FIXTURE_SERVER, with_redis(redis, prefix));
  ServerProcess b(CREST_FIXTURE_SERVER, with_redis(redis, prefix));
  // The fixture route allows 2 requests a minute per IP.
  EXPECT_EQ(get(a.url("/__test/throttled")).status, 200);
  auto second = get(b.url("/__test/throttled"));
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.header("ratelimit-remaining"), "0");
  auto third = get(a.url("/__test/throttled"));
  EXPECT_EQ(third.status, 429);
  EXPECT_FALSE(third.header("retry-after").empty());
  auto ready = get(a.url("/health/ready")).json();
  EXPECT_EQ(ready.at("data").at("checks").at("redis").at("status"), "up");
  EXPECT_EQ(a.stop(), 0);
  EXPECT_EQ(b.stop(), 0);
}

TEST(RedisRateLimit, RedisDownFailsOpenAndReadinessSaysDegraded) {
  ServerProcess server(CREST_FIXTURE_SERVER, with_redis("redis://127.0.0.1:1/0", "x:"));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(get(server.url("/__test/throttled")).status, 200);
  auto ready = get(server.url("/health/ready"));
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json().at("data").at("checks").at("redis").at("status"), "degraded");
  EXPECT_TRUE(server.wait_for_log("rate limiting degraded", 2000));
  EXPECT_EQ(server.stop(), 0);
}

TEST(RedisRateLimit, RedisDownWithFailOpenOffAnswers503) {
  auto env = with_redis("redis://127.0.0.1:1/0", "x:");
  env["CREST_RATE_LIMIT_FAIL_OPEN"] = "false";
  ServerProcess server(CREST_FIXTURE_SERVER, env);
  EXPECT_EQ(get(server.url("/__test/throttled")).status, 503);
  EXPECT_EQ(get(server.url("/health/ready")).status, 503);
  EXPECT_EQ(get(server.url("/api/v1/version")).status, 200);  // unthrottled routes still serve
}

}  // namespace
}  // namespace crest::testing
