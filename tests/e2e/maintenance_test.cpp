// The purge cron through the real processes, on both engines: a company deleted over the API and
// dated back past CREST_PURGE_AFTER is hard-deleted by `crest worker`, the workspace's audit log
// shows the system's Purge entry, the worker's /metrics counts it, and `crest maintenance status`
// lists every cron with its last run.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/api_scenario.hpp"
#include "support/http_client.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class Maintenance : public ApiTest {
 protected:
  std::pair<int, std::string> maintenance(const std::string& args) const {
    return run_command("DATABASE_URL='" + server->database_url() + "' CREST_DATA_DIR=" + ::testing::TempDir() +
                       " JWT_SECRET=maintenance-status-test-secret-of-32-bytes LOG_LEVEL=error " CREST_BINARY
                       " maintenance " + args + " 2>&1");
  }
};

TEST_P(Maintenance, ACompanyDeletedLongAgoIsPurgedByTheWorkerAuditedAndReported) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object body{{"name", "Initech"}, {"industry", "Retail"}, {"employeeRange", "1-10"}};
  auto created = server->call(ann, "POST", "/api/v1/companies", body);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = text(created.json().at("data").at("id"));
  ASSERT_EQ(server->call(ann, "DELETE", "/api/v1/companies/" + id).status, 200);
  server->sql(GetParam() == "postgres" ? "UPDATE companies SET deleted_at = now() - interval '31 days'"
                                       : "UPDATE companies SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-31 days')");

  auto worker = server->start_worker({{"CREST_PURGE_SCHEDULE", "* * * * * *"}});
  for (int i = 0; i < 600 && lines_of(server->sql("SELECT count(*) FROM companies")) != std::vector<std::string>{"0"}; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(lines_of(server->sql("SELECT count(*) FROM companies")), std::vector<std::string>{"0"}) << "hard-deleted";

  const std::string counted = "crest_job_removed_total{queue=\"crons\",job=\"purge\",what=\"companies\"} 1\n";
  std::string metrics;
  for (int i = 0; i < 100 && metrics.find(counted) == std::string::npos; ++i) {
    metrics = send({"GET", worker->url("/metrics"), "", {}}).body;
    if (metrics.find(counted) == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(metrics.find(counted), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("crest_job_last_completed_timestamp_seconds{queue=\"crons\",job=\"purge\"}"), std::string::npos);
  EXPECT_EQ(worker->stop(15), 0);

  auto log = server->call(ann, "GET", "/api/v1/audit-logs?action=Purge");
  ASSERT_EQ(log.status, 200) << log.body;
  json::value listed = log.json();
  const auto& entries = listed.at("data").as_array();
  ASSERT_EQ(entries.size(), 1u) << log.body;
  EXPECT_EQ(entries[0].at("subject"), "Company");
  EXPECT_TRUE(entries[0].at("actor").is_null()) << "the system, not a member";
  EXPECT_EQ(entries[0].at("changes").at("removed"), 1);

  auto [code, out] = maintenance("status");
  ASSERT_EQ(code, 0) << out;
  for (const char* cron : {"purge", "audit.maintain", "files.expire", "queue.retention", "imports.forget_checkpoints"})
    EXPECT_NE(out.find(cron), std::string::npos) << cron << "\n" << out;
  auto [json_code, json_out] = maintenance("status --json");
  ASSERT_EQ(json_code, 0) << json_out;
  bool seen = false;
  json::value status = json::parse(json_out);
  for (const auto& item : status.as_array()) {
    if (item.at("cron") != "purge") continue;
    seen = true;
    ASSERT_TRUE(item.at("lastRun").is_object()) << json_out;
    EXPECT_EQ(item.at("lastRun").at("state"), "Completed");
    EXPECT_TRUE(item.at("lastRun").at("result").at("removed").as_object().contains("companies")) << json_out;
  }
  EXPECT_TRUE(seen) << json_out;
  EXPECT_NE(maintenance("status --yaml").first, 0) << "an unknown option is a usage error";
}

CREST_API_TEST_ENGINES(Maintenance);

}  // namespace
}  // namespace crest::testing
