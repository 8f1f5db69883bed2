// Crons on both engines, the same test bodies: each tick enqueued once however many schedulers
// (workers) run it, missed ticks firing once on recovery (or each, when the schedule catches up),
// the tick's key handed to the handler, and the retention that keeps the jobs table bounded.
// Time is driven through Scheduler::fire_due, so nothing here waits for a clock.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <set>

#include "core/cron/scheduler.hpp"
#include "core/queue/queue_store.hpp"
#include "core/queue/worker.hpp"
#include "core/util/time.hpp"
#include "support/queue_fixture.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using std::chrono::sys_seconds;

// 2026-12-02 10:00:00 UTC.
const sys_seconds kBase{std::chrono::seconds(1'796'205'600)};

asio::awaitable<json::value> nothing(queue::JobContext&) { co_return json::object{}; }

class Cron : public QueueDatabaseTest {
 protected:
  std::vector<std::string> tick_keys(const std::string& cron) {
    std::vector<std::string> out;
    db::Params name{cron};
    auto rows = as_worker("SELECT dedupe_key FROM jobs WHERE name = $1 ORDER BY dedupe_key", name);
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].text("dedupe_key"));
    return out;
  }
  static std::string key(const std::string& cron, sys_seconds at) {
    return cron + "@" + iso8601(std::chrono::system_clock::time_point(at));
  }

  queue::JobRegistry jobs;
  cron::CronRegistry crons{jobs};
};

TEST_P(Cron, EachTickIsEnqueuedOnceHoweverManyWorkersRunTheSchedule) {
  crons.add("test.every_second", "* * * * * *", {}, nothing);
  // Three workers: three connections (pools) to one database, as three processes have.
  std::vector<std::unique_ptr<db::Database>> databases;
  std::vector<std::unique_ptr<cron::Scheduler>> schedulers;
  for (int i = 0; i < 3; ++i) {
    databases.push_back(db::open_database(app_url, {}));
    schedulers.push_back(std::make_unique<cron::Scheduler>(*databases.back(), crons, jobs));
  }
  for (auto& scheduler : schedulers) EXPECT_EQ(run(scheduler->fire_due(kBase)), 0) << "ticks start after the first start";
  std::vector<std::string> expected;
  for (int second = 1; second <= 10; ++second) {
    sys_seconds now = kBase + std::chrono::seconds(second);
    expected.push_back(key("test.every_second", now));
    // All three at once: on PostgreSQL their transactions really race.
    int fired = 0;
    run([&]() -> asio::awaitable<void> {
      auto executor = co_await asio::this_coro::executor;
      int done = 0;
      for (auto& scheduler : schedulers)
        asio::co_spawn(executor, scheduler->fire_due(now), [&](std::exception_ptr error, int count) {
          if (error) ADD_FAILURE() << "a scheduler failed";
          fired += count;
          ++done;
        });
      asio::steady_timer timer(executor);
      while (done < 3) {
        timer.expires_after(1ms);
        co_await timer.async_wait(asio::use_awaitable);
      }
    }());
    EXPECT_EQ(fired, 1) << "second " << second;
  }
  EXPECT_EQ(tick_keys("test.every_second"), expected) << "ten ticks, none twice, none missing";
  auto ticks = as_worker("SELECT count(*) AS n FROM cron_ticks WHERE schedule = 'test.every_second'");
  EXPECT_EQ(ticks.front().integer("n"), 10);
}

TEST_P(Cron, TicksMissedWhileEveryWorkerWasDownFireOnceOnRecovery) {
  crons.add("test.hourly", "@hourly", {}, nothing);
  crons.add("test.hourly_catching_up", "@hourly", {.catch_up = true}, nothing);
  {
    cron::Scheduler before_the_outage(*database, crons, jobs);
    run(before_the_outage.fire_due(kBase));
  }
  // Every worker down from 10:00 to 15:10: 11:00 to 15:00 were missed. A new worker starts.
  cron::Scheduler after(*database, crons, jobs);
  EXPECT_EQ(run(after.fire_due(kBase + 5h + 10min)), 1 + 5);
  EXPECT_EQ(tick_keys("test.hourly"), (std::vector{key("test.hourly", kBase + 5h)}));
  auto caught_up = tick_keys("test.hourly_catching_up");
  ASSERT_EQ(caught_up.size(), 5u);
  EXPECT_EQ(caught_up.front(), key("test.hourly_catching_up", kBase + 1h));
  EXPECT_EQ(caught_up.back(), key("test.hourly_catching_up", kBase + 5h));
  // And the schedule goes on from there.
  EXPECT_EQ(run(after.fire_due(kBase + 5h + 50min)), 0);
  EXPECT_EQ(run(after.fire_due(kBase + 6h)), 2);
}

TEST_P(Cron, TheHandlerGetsTheTicksKeyAsItsIdempotencyKey) {
  std::vector<std::string> seen_keys;
  json::value seen_payload;
  crons.add("test.report", "0 * * * *", {.queue = "reports"},
            [&](queue::JobContext& tick) -> asio::awaitable<json::value> {
              seen_keys.push_back(tick.idempotency_key());
              seen_payload = tick.payload();
              co_return json::object{};
            });
  cron::Scheduler scheduler(*database, crons, jobs, {.queues = {"reports"}});
  ASSERT_EQ(scheduler.size(), 1u);
  run(scheduler.fire_due(kBase - 1s));
  ASSERT_EQ(run(scheduler.fire_due(kBase)), 1);
  queue::Worker worker(*database, jobs, {.queues = {{"reports", 1}}, .poll_interval = 10ms});
  run([&]() -> asio::awaitable<void> {
    auto executor = co_await asio::this_coro::executor;
    bool finished = false;
    asio::co_spawn(executor, worker.run(), [&](std::exception_ptr) { finished = true; });
    asio::steady_timer timer(executor);
    for (int i = 0; i < 2'000 && worker.stats().completed == 0; ++i) {
      timer.expires_after(10ms);
      co_await timer.async_wait(asio::use_awaitable);
    }
    worker.stop();
    while (!finished) {
      timer.expires_after(5ms);
      co_await timer.async_wait(asio::use_awaitable);
    }
  }());
  ASSERT_EQ(seen_keys.size(), 1u);
  EXPECT_EQ(seen_keys.front(), key("test.report", kBase));
  EXPECT_EQ(seen_payload, (json::value{{"schedule", "test.report"}, {"fireAt", "2026-12-02T10:00:00.000Z"}}));
  // Another scheduler, on another queue list, does not run it.
  cron::Scheduler elsewhere(*database, crons, jobs, {.queues = {"mail"}});
  EXPECT_EQ(elsewhere.size(), 0u);
}

TEST_P(Cron, RetentionKeepsEachQueuesFinishedJobsByCountAndByAge) {
  auto& job = jobs.define("test.noop").queue("q");
  auto now = std::chrono::system_clock::now();
  // Twelve completed jobs finished 1..12 hours ago, three failed ones 1..3 days ago, one queued.
  auto add = [&](const char* state, std::chrono::hours ago) {
    std::string id;
    run(database->transaction([&](db::Session& tx) -> asio::awaitable<void> {
      auto enqueued = co_await queue::enqueue(tx, job, json::object{});
      id = enqueued.id;
    }));
    if (std::string(state) == "Queued") return;
    db::Params finished{std::string(state), iso8601(now - ago), id};
    as_worker("UPDATE jobs SET state = $1, finished_at = $2 WHERE id = $3", finished);
  };
  for (int h = 1; h <= 12; ++h) add("Completed", std::chrono::hours(h));
  for (int d = 1; d <= 3; ++d) add("Failed", std::chrono::hours(24 * d) + 1h);
  add("Cancelled", 1h);
  add("Queued", 0h);
  queue::QueueStore store(*database);
  queue::Retention retention{.completed = 5, .completed_for = 10h, .failed = 10, .failed_for = 48h};
  EXPECT_EQ(run(store.remove_finished("q", retention, now)), 7 + 2);
  auto left = as_worker("SELECT state, count(*) AS n FROM jobs GROUP BY state ORDER BY state");
  std::map<std::string, std::int64_t> by_state;
  for (std::size_t i = 0; i < left.size(); ++i) by_state[left[i].text("state")] = left[i].integer("n");
  EXPECT_EQ(by_state, (std::map<std::string, std::int64_t>{{"Cancelled", 1}, {"Completed", 5}, {"Failed", 1}, {"Queued", 1}}));
  auto newest = as_worker("SELECT min(finished_at) AS oldest FROM jobs WHERE state = 'Completed'");
  EXPECT_EQ(newest.front().time("oldest"), iso8601(now - 5h)) << "the five newest stay";
  // Another queue's jobs are its own retention's business.
  EXPECT_EQ(run(store.remove_finished("other", retention, now)), 0);
}

TEST_P(Cron, PruningTicksKeepsEachSchedulesNewest) {
  crons.add("test.every_second", "* * * * * *", {}, nothing);
  cron::Scheduler scheduler(*database, crons, jobs);
  run(scheduler.fire_due(kBase));
  for (int s = 1; s <= 5; ++s) run(scheduler.fire_due(kBase + std::chrono::seconds(s)));
  EXPECT_EQ(run(cron::prune_ticks(*database, std::chrono::system_clock::time_point(kBase + 1h))), 4);
  auto left = as_worker("SELECT fire_at FROM cron_ticks");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left.front().time("fire_at"), "2026-12-02T10:00:05.000Z");
}

INSTANTIATE_TEST_SUITE_P(Engines, Cron, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres), engine_name);

}  // namespace
}  // namespace crest::testing
