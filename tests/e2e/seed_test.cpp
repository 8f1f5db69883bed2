// `crest seed --demo` on both engines: realistic volumes, every deal stage, activities within 90
// days, a login that works, and a second run that does not seed twice.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/util/time.hpp"
#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class SeedDemo : public ApiTest {};

TEST_P(SeedDemo, CreatesAWorkspaceYouCanSignInToWithDataInEveryStage) {
  std::string env = "DATABASE_URL='" + server->database_url() + "' CREST_ARGON2_OPS=1 CREST_ARGON2_MEMORY_KIB=8192 ";
  auto [code, out] = run_command(env + CREST_BINARY " seed --demo --email demo@example.com --password demo-pass-1");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("demo@example.com"), std::string::npos) << out;

  Account demo = server->login("demo@example.com", "demo-pass-1");
  auto total = [&](const std::string& path) {
    return server->call(demo, "GET", path).json().at("meta").at("total").as_int64();
  };
  EXPECT_GE(total("/api/v1/companies"), 200);
  EXPECT_GE(total("/api/v1/contacts"), 1000);
  EXPECT_GE(total("/api/v1/deals"), 400);
  EXPECT_GE(total("/api/v1/activities"), 1000);
  EXPECT_EQ(total("/api/v1/members"), 5);
  auto pipeline = server->call(demo, "GET", "/api/v1/pipeline").json().at("data");
  for (const auto& stage : pipeline.at("stages").as_array())
    EXPECT_GT(stage.at("dealsCount").as_int64(), 0) << stage.at("stage");
  auto oldest = server->call(demo, "GET", "/api/v1/activities?sortOrder=asc&limit=1").json().at("data").at(0);
  std::string cutoff = iso8601(std::chrono::system_clock::now() - std::chrono::hours(24 * 91));
  EXPECT_GT(text(oldest.at("at")), cutoff);  // within the last 90 days
  EXPECT_NE(text(oldest.at("label")).find("ago"), std::string::npos);

  auto [again_code, again] = run_command(env + CREST_BINARY " seed --demo --email demo@example.com --password demo-pass-1");
  EXPECT_EQ(again_code, 0) << again;
  EXPECT_NE(again.find("exists already"), std::string::npos) << again;
  EXPECT_EQ(total("/api/v1/companies"), 200);
}

TEST(SeedCli, WithoutDemoItExplainsItself) {
  auto [code, out] = run_command(CREST_BINARY " seed");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("--demo"), std::string::npos);
}

CREST_API_TEST_ENGINES(SeedDemo);

}  // namespace
}  // namespace crest::testing
