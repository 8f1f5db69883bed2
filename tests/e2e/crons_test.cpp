// Crons across `crest worker` processes, on both engines: three workers run a one-second
// schedule (the framework's own queue.retention, CREST_JOB_RETENTION_SCHEDULE) and every tick is
// enqueued once and run once, none missing.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {

class Crons : public ApiTest {};

TEST_P(Crons, ThreeWorkersRunAOneSecondScheduleEachTickOnceNoneMissing) {
  std::vector<std::unique_ptr<ServerProcess>> workers;
  for (int i = 0; i < 3; ++i) workers.push_back(server->start_worker({{"CREST_JOB_RETENTION_SCHEDULE", "* * * * * *"}}));
  const std::string completed =
      "SELECT count(*) FROM jobs WHERE name = 'queue.retention' AND state = 'Completed'";
  // Ten seconds of ticks (and the time to run them), however slow the machine.
  for (int i = 0; i < 600 && std::stoi("0" + server->sql(completed)) < 10; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (auto& worker : workers) EXPECT_EQ(worker->stop(15), 0);

  // Each tick (a second) has one row and one job, and the seconds follow each other.
  auto ticks = lines_of(server->sql("SELECT fire_at FROM cron_ticks WHERE schedule = 'queue.retention' ORDER BY fire_at"));
  ASSERT_GE(ticks.size(), 10u);
  auto jobs = lines_of(server->sql(
      "SELECT dedupe_key || '|' || state || '|' || attempts FROM jobs WHERE name = 'queue.retention' ORDER BY dedupe_key"));
  ASSERT_EQ(jobs.size(), ticks.size()) << "one job per tick";
  std::set<std::string> keys;
  int done = 0;
  for (const auto& job : jobs) {
    keys.insert(job.substr(0, job.find('|')));
    if (job.find("|Completed|1") != std::string::npos) ++done;
  }
  EXPECT_EQ(keys.size(), jobs.size()) << "no tick enqueued twice";
  EXPECT_GE(done, 10) << "each ran once, at its first attempt";
  auto epoch_of = [&](std::size_t i) {
    std::string sql = GetParam() == "postgres"
                          ? "SELECT extract(epoch FROM fire_at)::bigint FROM cron_ticks WHERE schedule = 'queue.retention' ORDER BY fire_at OFFSET " + std::to_string(i) + " LIMIT 1"
                          : "SELECT CAST(strftime('%s', fire_at) AS INTEGER) FROM cron_ticks WHERE schedule = 'queue.retention' ORDER BY fire_at LIMIT 1 OFFSET " + std::to_string(i);
    return std::stoll(server->sql(sql));
  };
  EXPECT_EQ(epoch_of(ticks.size() - 1) - epoch_of(0), static_cast<long long>(ticks.size()) - 1)
      << "consecutive seconds, none missing";

  // Between them the workers enqueued each tick once (whichever came first).
  std::vector<std::string> enqueued;
  for (std::size_t w = 0; w < workers.size(); ++w)
    for (const auto& record : workers[w]->log_records())
      if (auto* msg = record.if_contains("msg"), *cron = record.if_contains("cron");
          msg && msg->is_string() && msg->as_string() == "cron tick enqueued" && cron && cron->is_string() &&
          cron->as_string() == "queue.retention")  // (other schedules may fire meanwhile)
        enqueued.push_back(std::to_string(w) + " " + boost::json::serialize(record));
  std::string all;
  for (const auto& line : enqueued) all += line + "\n";
  all += "ticks:\n";
  for (const auto& tick : ticks) all += tick + "\n";
  EXPECT_EQ(enqueued.size(), ticks.size()) << all;
}

CREST_API_TEST_ENGINES(Crons);

}  // namespace
}  // namespace crest::testing
