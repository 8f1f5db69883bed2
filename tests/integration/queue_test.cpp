// The job queue on both engines, the same test bodies: transactional enqueue, dedupe, priorities
// and delays, the lease fence, retries on the backoff schedule, the dead-letter state, payload
// validation, timeouts, and the drain that hands unfinished jobs back.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/tenant_db.hpp"
#include "core/queue/queue_store.hpp"
#include "core/queue/worker.hpp"
#include "core/util/time.hpp"
#include "support/queue_fixture.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using queue::Backoff;
using queue::JobRegistry;

class Queue : public QueueDatabaseTest {
 protected:

  queue::Enqueued enqueue(const queue::JobDefinition& job, json::value payload, queue::EnqueueOptions options = {}) {
    queue::Enqueued out;
    run(database->transaction([&](db::Session& tx) -> asio::awaitable<void> {
      out = co_await queue::enqueue(tx, job, payload, options);
    }));
    return out;
  }
  // state, attempts, error of one job, read as the superuser would see it (RLS: as the worker).
  struct Seen {
    std::string state;
    std::int64_t attempts = 0;
    std::string error, payload, result;
  };
  Seen seen(const std::string& id) {
    Seen out;
    run(database->transaction([&](db::Session& tx) -> asio::awaitable<void> {
      if (tx.engine() == db::Engine::Postgres) tx.defer("SELECT set_config('crest.queue_worker', 'on', true)", {});
      db::Params params{id};
      auto rows = co_await tx.query("SELECT state, attempts, error, payload, result FROM jobs WHERE id = $1", params);
      if (rows.empty()) co_return;
      out = {rows.front().text("state"), rows.front().integer("attempts"), rows.front().optional_text("error").value_or(""),
             rows.front().text("payload"), rows.front().optional_text("result").value_or("")};
    }));
    return out;
  }
  // Runs a worker until `done` holds (checked every 10 ms, for at most 20 s), then stops it and
  // waits for its drain.
  // `after`: once the worker has stopped (to end what a test left waiting on this loop).
  void work_until(queue::Worker& worker, const std::function<bool()>& done, const std::function<void()>& after = {}) {
    run([&]() -> asio::awaitable<void> {
      auto executor = co_await asio::this_coro::executor;
      bool finished = false;
      asio::co_spawn(executor, worker.run(), [&](std::exception_ptr) { finished = true; });
      asio::steady_timer timer(executor);
      for (int i = 0; i < 2'000; ++i) {
        timer.expires_after(10ms);
        co_await timer.async_wait(asio::use_awaitable);
        bool ready = done();
        if (ready) break;
      }
      worker.stop();
      while (!finished) {
        timer.expires_after(5ms);
        co_await timer.async_wait(asio::use_awaitable);
      }
      if (after) after();
    }());
  }
  // A condition that reads the database from inside the running loop's thread would deadlock the
  // single-threaded test loop on SQLite; so conditions read what the handlers recorded.
  JobRegistry registry;
};

TEST_P(Queue, ARolledBackTransactionLeavesNoJobAndACommittedOneAlwaysHasIt) {
  auto& job = registry.define("test.noop").queue("q");
  EXPECT_THROW(run(database->transaction([&](db::Session& tx) -> asio::awaitable<void> {
                 co_await queue::enqueue(tx, job, json::object{});
                 throw std::runtime_error("the request failed after enqueueing");
               })),
               std::runtime_error);
  queue::QueueStore store(*database);
  EXPECT_TRUE(run(store.claim("q", 10, 30s)).empty());
  auto kept = enqueue(job, json::object{{"n", 1}});
  auto claimed = run(store.claim("q", 10, 30s));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed.front().id, kept.id);
  EXPECT_EQ(claimed.front().attempt, 1);
}

TEST_P(Queue, ASecondEnqueueWithThePendingJobsKeyIsANoOp) {
  auto& job = registry.define("test.noop").queue("q");
  queue::EnqueueOptions keyed;
  keyed.dedupe_key = "company-42";
  auto first = enqueue(job, json::object{}, keyed);
  auto second = enqueue(job, json::object{}, keyed);
  EXPECT_TRUE(first.created);
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.id, first.id);
  // Once it is done the key is free again.
  queue::QueueStore store(*database);
  auto claimed = run(store.claim("q", 10, 30s));
  ASSERT_EQ(claimed.size(), 1u);
  ASSERT_TRUE(run(store.complete(claimed.front(), json::object{}, false)));
  EXPECT_TRUE(enqueue(job, json::object{}, keyed).created);
}

TEST_P(Queue, ClaimsTakeDueJobsHighestPriorityFirstAndLeaveDelayedOnes) {
  auto& job = registry.define("test.noop").queue("q");
  queue::EnqueueOptions later, urgent;
  later.delay = 1h;
  urgent.priority = 10;
  auto plain = enqueue(job, json::object{});
  auto waiting = enqueue(job, json::object{}, later);
  auto first = enqueue(job, json::object{}, urgent);
  EXPECT_EQ(seen(waiting.id).state, "Delayed");
  queue::QueueStore store(*database);
  auto claimed = run(store.claim("q", 10, 30s));
  ASSERT_EQ(claimed.size(), 2u);
  EXPECT_EQ(claimed[0].id, first.id);
  EXPECT_EQ(claimed[1].id, plain.id);
  EXPECT_TRUE(run(store.claim("other", 10, 30s)).empty()) << "queues are apart";
}

TEST_P(Queue, AWorkerThatLostItsLeaseCannotCompleteFailOrRetryTheJob) {
  auto& job = registry.define("test.noop").queue("q");
  auto id = enqueue(job, json::object{}).id;
  queue::QueueStore store(*database);
  // A lease that has already run out: its worker is as good as dead.
  auto stale = run(store.claim("q", 1, -1s));
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(run(store.reap_expired_leases()), 1);
  auto fresh = run(store.claim("q", 1, 30s));
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh.front().attempt, 2);
  EXPECT_FALSE(run(store.complete(stale.front(), json::object{{"by", "stale"}}, false)));
  EXPECT_FALSE(run(store.fail(stale.front(), "stale", std::nullopt, false)));
  EXPECT_FALSE(run(store.release(stale.front())));
  EXPECT_EQ(seen(id).state, "Active");
  EXPECT_TRUE(run(store.complete(fresh.front(), json::object{{"by", "fresh"}}, false)));
  EXPECT_EQ(seen(id).state, "Completed");
  EXPECT_NE(seen(id).result.find("fresh"), std::string::npos);
}

TEST_P(Queue, AJobWhoseWorkersKeepDyingStopsAfterItsAttempts) {
  auto& job = registry.define("test.noop").queue("q").attempts(2);
  auto id = enqueue(job, json::object{}).id;
  queue::QueueStore store(*database);
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(run(store.claim("q", 1, -1s)).size(), 1u);  // started, then its worker "dies"
    run(store.reap_expired_leases());
  }
  auto dead = seen(id);
  EXPECT_EQ(dead.state, "Failed");
  EXPECT_EQ(dead.attempts, 2);
  EXPECT_NE(dead.error.find("worker stopped"), std::string::npos) << dead.error;
  EXPECT_TRUE(run(store.claim("q", 1, 30s)).empty());
}

TEST_P(Queue, FailuresRetryUntilTheLastAttemptThenTheJobIsFailedWithItsError) {
  std::vector<int> attempts;
  auto& job = registry.define("test.flaky").queue("q").attempts(3).backoff(Backoff::fixed(1ms))
                  .handle([&](queue::JobContext& ctx) -> asio::awaitable<json::value> {
                    attempts.push_back(ctx.attempt());
                    throw std::runtime_error("the remote said no (" + std::to_string(ctx.attempt()) + ")");
                    co_return nullptr;
                  });
  auto id = enqueue(job, json::object{}).id;
  queue::Worker worker(*database, registry, {.queues = {{"q", 2}}, .poll_interval = 5ms});
  work_until(worker, [&] { return attempts.size() >= 3 && worker.running() == 0; });
  EXPECT_EQ(attempts, (std::vector<int>{1, 2, 3}));
  auto dead = seen(id);
  EXPECT_EQ(dead.state, "Failed");
  EXPECT_EQ(dead.attempts, 3);
  EXPECT_EQ(dead.error, "the remote said no (3)");
  EXPECT_EQ(worker.stats().retried.load(), 2u);
  EXPECT_EQ(worker.stats().failed.load(), 1u);
}

// What a JobAuditSink was asked to record.
struct RecordingAudit : queue::JobAuditSink {
  struct Entry {
    std::string job_id, action, subject;
    std::optional<std::string> actor;
    bool success;
    json::object details;
  };
  std::vector<Entry> entries;
  asio::awaitable<void> record(db::Database&, const queue::ClaimedJob& job, const queue::JobAudit& audit, bool success,
                               json::object details) override {
    entries.push_back({job.id, audit.action, audit.subject, job.actor_id, success, std::move(details)});
    co_return;
  }
};

TEST_P(Queue, AnAuditedJobRecordsItsFinalOutcomeOnceWithWhoEnqueuedIt) {
  int runs = 0;
  auto& flaky = registry.define("test.flaky").queue("q").attempts(2).backoff(Backoff::fixed(1ms)).audit("Sync", "Ledger")
                    .handle([&](queue::JobContext& ctx) -> asio::awaitable<json::value> {
                      ++runs;
                      if (ctx.attempt() == 1) throw std::runtime_error("not yet");
                      co_return json::object{};
                    });
  auto& doomed = registry.define("test.doomed").queue("q").audit("Sync", "Ledger")
                     .handle([&](queue::JobContext&) -> asio::awaitable<json::value> {
                       ++runs;
                       throw queue::PermanentJobError("the ledger is closed");
                       co_return nullptr;
                     });
  queue::EnqueueOptions by_ann;
  by_ann.actor_id = "ann";
  auto retried = enqueue(flaky, json::object{}, by_ann).id;
  auto failed = enqueue(doomed, json::object{}, by_ann).id;
  auto sink = std::make_shared<RecordingAudit>();
  queue::Worker worker(*database, registry, {.queues = {{"q", 2}}, .poll_interval = 5ms, .audit = sink});
  work_until(worker, [&] { return runs >= 3 && worker.running() == 0; });
  ASSERT_EQ(sink->entries.size(), 2u) << "the final outcomes only, not the retried attempt";
  std::map<std::string, RecordingAudit::Entry> by_job;
  for (auto& entry : sink->entries) by_job.emplace(entry.job_id, entry);
  EXPECT_TRUE(by_job.at(retried).success);
  EXPECT_EQ(by_job.at(retried).details.at("attempt"), json::value(2));
  EXPECT_FALSE(by_job.at(failed).success);
  EXPECT_EQ(by_job.at(failed).details.at("error"), json::value("the ledger is closed"));
  for (auto& [id, entry] : by_job) {
    EXPECT_EQ(entry.actor, std::optional<std::string>("ann"));
    EXPECT_EQ(entry.action, "Sync");
    EXPECT_EQ(entry.subject, "Ledger");
  }
}

TEST_P(Queue, EveryJobCompletesExactlyOnceUnderConcurrencyAndForgetsItsPayloadWhenAsked) {
  std::multiset<std::string> ran;
  auto& job = registry.define("test.count").queue("q").forget_payload_when_done()
                  .handle([&](queue::JobContext& ctx) -> asio::awaitable<json::value> {
                    ran.insert(std::string(ctx.payload().at("n").as_string()));
                    co_return json::object{{"ok", true}};
                  });
  std::vector<std::string> ids;
  for (int i = 0; i < 60; ++i) ids.push_back(enqueue(job, json::object{{"n", std::to_string(i)}}).id);
  queue::Worker worker(*database, registry, {.queues = {{"q", 8}}, .poll_interval = 5ms});
  work_until(worker, [&] { return ran.size() >= 60 && worker.running() == 0; });
  EXPECT_EQ(ran.size(), 60u);
  EXPECT_EQ(std::set<std::string>(ran.begin(), ran.end()).size(), 60u) << "no job ran twice";
  for (const auto& id : ids) {
    auto done = seen(id);
    EXPECT_EQ(done.state, "Completed");
    EXPECT_EQ(done.payload, "{}") << "a payload that may carry a secret is emptied once done";
  }
  EXPECT_EQ(worker.stats().completed.load(), 60u);
}

TEST_P(Queue, APayloadThatFailsItsSchemaFailsAtOnceWithoutRetries) {
  int ran = 0;
  auto& job = registry.define("test.typed").queue("q").attempts(5)
                  .payload(schema::object({{"to", schema::string().email()}}))
                  .handle([&](queue::JobContext&) -> asio::awaitable<json::value> {
                    ++ran;
                    co_return nullptr;
                  });
  EXPECT_THROW(enqueue(job, json::object{{"to", "not an address"}}), BadRequest) << "checked when enqueued";
  // A payload written by an older release (straight into the table) is checked when it runs.
  std::string id = enqueue(registry.define("test.untyped").queue("q"), json::object{{"to", 42}}).id;
  run(database->transaction([&](db::Session& tx) -> asio::awaitable<void> {
    if (tx.engine() == db::Engine::Postgres) tx.defer("SELECT set_config('crest.queue_worker', 'on', true)", {});
    db::Params params{id};
    co_await tx.query("UPDATE jobs SET name = 'test.typed' WHERE id = $1", params);
  }));
  queue::Worker worker(*database, registry, {.queues = {{"q", 1}}, .poll_interval = 5ms});
  work_until(worker, [&] { return worker.stats().failed.load() == 1 && worker.running() == 0; });
  EXPECT_EQ(ran, 0);
  auto dead = seen(id);
  EXPECT_EQ(dead.state, "Failed");
  EXPECT_EQ(dead.attempts, 1);
  EXPECT_NE(dead.error.find("Invalid payload"), std::string::npos) << dead.error;
}

TEST_P(Queue, AJobPastItsTimeoutIsCancelledAndCountsAsAFailedAttempt) {
  bool saw_cancellation = false;
  auto& job = registry.define("test.slow").queue("q").attempts(1).timeout(50ms)
                  .handle([&](queue::JobContext& ctx) -> asio::awaitable<json::value> {
                    asio::steady_timer tick(co_await asio::this_coro::executor);
                    while (!ctx.cancelled()) {
                      tick.expires_after(5ms);
                      co_await tick.async_wait(asio::use_awaitable);
                    }
                    saw_cancellation = true;
                    co_return nullptr;
                  });
  auto id = enqueue(job, json::object{}).id;
  queue::Worker worker(*database, registry, {.queues = {{"q", 1}}, .poll_interval = 5ms});
  work_until(worker, [&] { return saw_cancellation && worker.running() == 0; });
  auto dead = seen(id);
  EXPECT_EQ(dead.state, "Failed");
  EXPECT_NE(dead.error.find("Timed out"), std::string::npos) << dead.error;
}

// A running job asked to stop: its worker sees the request on its next lease renewal and signals
// the handler, which stops and says how far it got; the job is Cancelled with that, not retried.
TEST_P(Queue, ARunningJobAskedToStopIsSignalledAndEndsCancelledWithItsLastWord) {
  bool requested_seen = false;
  int steps = 0;
  auto& job = registry.define("test.long").queue("q").attempts(5).timeout(1h)
                  .handle([&](queue::JobContext& ctx) -> asio::awaitable<json::value> {
                    // Someone asks it to stop, as DELETE /jobs/:id does for a running job.
                    co_await ctx.database().transaction([&](db::Session& tx) -> asio::awaitable<void> {
                      if (tx.engine() == db::Engine::Postgres) tx.defer("SELECT set_config('crest.queue_worker', 'on', true)", {});
                      db::Params params{ctx.job().id};
                      co_await tx.query("UPDATE jobs SET cancel_requested_at = updated_at WHERE id = $1", params);
                    });
                    asio::steady_timer tick(co_await asio::this_coro::executor);
                    while (!ctx.cancelled()) {
                      ++steps;
                      tick.expires_after(2ms);
                      co_await tick.async_wait(asio::use_awaitable);
                    }
                    requested_seen = ctx.cancel_requested();
                    throw std::runtime_error("stopped after step " + std::to_string(steps));
                  });
  auto id = enqueue(job, json::object{}).id;
  queue::Worker worker(*database, registry, {.queues = {{"q", 1}}, .lease = 60ms, .poll_interval = 5ms});
  work_until(worker, [&] { return requested_seen && worker.running() == 0; });
  EXPECT_TRUE(requested_seen) << "the handler could tell a request from a timeout or a shutdown";
  auto stopped = seen(id);
  EXPECT_EQ(stopped.state, "Cancelled");
  EXPECT_EQ(stopped.attempts, 1) << "not retried";
  EXPECT_EQ(stopped.error, "stopped after step " + std::to_string(steps));
}

// A job asked to stop whose worker died meanwhile is not run again: the reaper cancels it.
TEST_P(Queue, AJobAskedToStopWhoseWorkerDiedIsCancelledNotRequeued) {
  auto& job = registry.define("test.noop").queue("q").attempts(5);
  auto id = enqueue(job, json::object{}).id;
  queue::QueueStore store(*database);
  ASSERT_EQ(run(store.claim("q", 1, -1s)).size(), 1u);
  as_worker("UPDATE jobs SET cancel_requested_at = updated_at WHERE id = $1", db::Params{id});
  EXPECT_EQ(run(store.reap_expired_leases()), 1);
  auto dead = seen(id);
  EXPECT_EQ(dead.state, "Cancelled");
  EXPECT_NE(dead.error.find("Cancelled on request"), std::string::npos) << dead.error;
  EXPECT_TRUE(run(store.claim("q", 1, 30s)).empty());
}

TEST_P(Queue, StoppingLetsRunningJobsFinishWithinTheBoundAndHandsTheRestBack) {
  bool release_quick = false;
  int quick_done = 0;
  auto& quick = registry.define("test.quick").queue("q").handle([&](queue::JobContext&) -> asio::awaitable<json::value> {
    asio::steady_timer tick(co_await asio::this_coro::executor);
    while (!release_quick) {
      tick.expires_after(2ms);
      co_await tick.async_wait(asio::use_awaitable);
    }
    ++quick_done;
    co_return nullptr;
  });
  bool stuck_started = false;
  asio::steady_timer* forever_timer = nullptr;
  auto& stuck = registry.define("test.stuck").queue("q").timeout(1h).handle([&](queue::JobContext&) -> asio::awaitable<json::value> {
    stuck_started = true;
    asio::steady_timer forever(co_await asio::this_coro::executor, 1h);  // ignores cancellation
    forever_timer = &forever;
    boost::system::error_code ec;
    co_await forever.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    forever_timer = nullptr;
    co_return nullptr;
  });
  auto quick_id = enqueue(quick, json::object{}).id;
  auto stuck_id = enqueue(stuck, json::object{}).id;
  queue::Worker worker(*database, registry, {.queues = {{"q", 2}}, .poll_interval = 5ms, .shutdown_timeout = 200ms});
  work_until(
      worker,
      [&] {
        if (stuck_started && worker.running() == 2) release_quick = true;  // the quick one finishes while draining
        return release_quick;
      },
      [&] {
        if (forever_timer) forever_timer->cancel();  // the worker did not wait for it; the test loop must
      });
  EXPECT_EQ(quick_done, 1);
  EXPECT_EQ(seen(quick_id).state, "Completed");
  auto back = seen(stuck_id);
  EXPECT_EQ(back.state, "Queued") << "handed back";
  EXPECT_EQ(back.attempts, 0) << "the interrupted attempt is not counted";
  EXPECT_EQ(worker.stats().handed_back.load(), 1u);
}

// An idle worker hears new work as it is committed, by another connection (another process):
// on PostgreSQL a NOTIFY, on SQLite the WAL-index header. Its poll is an hour here, so the job
// runs only if the listener woke it. (Enqueued again every 50 ms until then: the first may
// commit before the worker listens.)
TEST_P(Queue, AnIdleWorkerHearsANewJobWithoutWaitingForItsPoll) {
  bool ran = false;
  auto& job = registry.define("test.heard").queue("q").handle([&](queue::JobContext&) -> asio::awaitable<json::value> {
    ran = true;
    co_return json::object{};
  });
  auto producer = db::open_database(app_url, {});
  queue::Worker worker(*database, registry, {.queues = {{"q", 1}}, .poll_interval = std::chrono::hours(1)});
  run([&]() -> asio::awaitable<void> {
    auto executor = co_await asio::this_coro::executor;
    bool finished = false;
    asio::co_spawn(executor, worker.run(), [&](std::exception_ptr) { finished = true; });
    asio::steady_timer timer(executor);
    for (int i = 0; i < 400 && !ran; ++i) {
      timer.expires_after(i == 0 ? 200ms : 50ms);  // (the worker's first claim, which finds nothing, goes first)
      co_await timer.async_wait(asio::use_awaitable);
      if (ran) break;
      queue::EnqueueOptions once;
      once.dedupe_key = "heard";
      co_await producer->transaction([&](db::Session& tx) -> asio::awaitable<void> {
        co_await queue::enqueue(tx, job, json::object{}, once);
      });
    }
    worker.stop();
    while (!finished) {
      timer.expires_after(5ms);
      co_await timer.async_wait(asio::use_awaitable);
    }
  }());
  producer->close();
  EXPECT_TRUE(ran) << "the worker slept through the new job";
}

// On a table without statistics PostgreSQL may plan the choice of jobs as the inner side of a
// nested loop, rescanned per row, each rescan taking `limit` more: a claim must take its limit.
TEST_P(Queue, AClaimNeverTakesMoreThanItsLimit) {
  auto& job = registry.define("test.noop").queue("q");
  for (int i = 0; i < 12; ++i) enqueue(job, json::object{{"n", i}});
  queue::QueueStore store(*database);
  EXPECT_EQ(run(store.claim("q", 3, 30s)).size(), 3u);
  EXPECT_EQ(run(store.claim("q", 5, 30s)).size(), 5u);
  EXPECT_EQ(run(store.claim("q", 10, 30s)).size(), 4u);
}

// Renewals extend every running lease in one statement; a completion batch completes the jobs
// whose lease holds and reports the one whose lease was taken over.
TEST_P(Queue, LeasesAreRenewedTogetherAndCompletionsGoInOneBatch) {
  auto& job = registry.define("test.noop").queue("q");
  for (int i = 0; i < 3; ++i) enqueue(job, json::object{{"n", i}});
  queue::QueueStore store(*database);
  auto claimed = run(store.claim("q", 3, 30s));
  ASSERT_EQ(claimed.size(), 3u);
  std::vector<std::string> tokens;
  for (const auto& c : claimed) tokens.push_back(c.lease_token);
  tokens.push_back("a-token-nobody-holds");
  EXPECT_EQ(run(store.renew(tokens, 60s)).renewed, 3);
  auto lost = claimed[2];
  lost.lease_token = "a-lease-that-ran-out";
  std::vector<queue::QueueStore::Completion> done{
      {&claimed[0], "{\"n\":0}", false}, {&claimed[1], "{}", true}, {&lost, "{}", false}};
  auto kept = run(store.complete_all(done));
  std::sort(kept.begin(), kept.end());
  std::vector<std::string> expected{claimed[0].id, claimed[1].id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(kept, expected);
  EXPECT_EQ(seen(claimed[0].id).state, "Completed");
  EXPECT_EQ(seen(claimed[0].id).result, "{\"n\":0}");
  EXPECT_EQ(seen(claimed[1].id).payload, "{}") << "its payload forgotten";
  EXPECT_EQ(seen(claimed[2].id).state, "Active") << "fenced: the batch did not touch it";
}

// Two workers (two connections, as two processes have) share one queue's rate limit: however
// many each could run, no window of the limit sees more starts than it allows.
TEST_P(Queue, ARateLimitHoldsAcrossWorkers) {
  std::atomic<int> done{0};
  auto& job = registry.define("test.limited").queue("q").handle([&](queue::JobContext&) -> asio::awaitable<json::value> {
    ++done;
    co_return json::object{};
  });
  const queue::RateLimit rate{3, 400ms};
  registry.limit("q", rate);
  for (int i = 0; i < 12; ++i) enqueue(job, json::object{{"n", i}});
  auto second_database = db::open_database(app_url, {});
  queue::Worker first(*database, registry, {.queues = {{"q", 10}}, .poll_interval = 20ms});
  queue::Worker second(*second_database, registry, {.queues = {{"q", 10}}, .poll_interval = 20ms});
  run([&]() -> asio::awaitable<void> {
    auto executor = co_await asio::this_coro::executor;
    int finished = 0;
    asio::co_spawn(executor, first.run(), [&](std::exception_ptr) { ++finished; });
    asio::co_spawn(executor, second.run(), [&](std::exception_ptr) { ++finished; });
    asio::steady_timer timer(executor);
    for (int i = 0; i < 2'000 && done < 12; ++i) {
      timer.expires_after(10ms);
      co_await timer.async_wait(asio::use_awaitable);
    }
    first.stop();
    second.stop();
    while (finished < 2) {
      timer.expires_after(5ms);
      co_await timer.async_wait(asio::use_awaitable);
    }
  }());
  second_database->close();
  ASSERT_EQ(done.load(), 12);
  EXPECT_EQ(first.stats().completed.load() + second.stats().completed.load(), 12u);
  std::map<std::int64_t, int> starts_by_window;
  auto rows = as_worker("SELECT started_at FROM jobs");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto started = parse_iso8601(rows[i].time("started_at"));
    ASSERT_TRUE(started);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(started->time_since_epoch()).count();
    ++starts_by_window[ms / rate.per.count()];
  }
  for (const auto& [window, starts] : starts_by_window) EXPECT_LE(starts, rate.max) << "window " << window;
  EXPECT_GE(starts_by_window.size(), 4u) << "twelve jobs at three a window take four windows at least";
}

TEST_P(Queue, AWorkspaceSeesOnlyItsOwnJobs) {
  if (GetParam() != TestEngine::Postgres) GTEST_SKIP() << "row-level security is PostgreSQL's";
  auto& job = registry.define("test.noop").queue("q");
  for (const char* id : {"w1", "w2"}) {
    run(database->transaction([&](db::Session& tx) -> asio::awaitable<void> {
      common::RlsSettings own{{"crest.workspace_id", std::string(id)}};
      co_await common::apply_rls_settings(tx, own);
      db::Params workspace{std::string(id), std::string("Workspace")};
      co_await tx.query("INSERT INTO workspaces (id, name) VALUES ($1, $2)", workspace);
    }));
    common::TenantDb tenant(*database, {id, "u1"});
    run(tenant.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
      queue::EnqueueOptions mine;
      mine.workspace_id = std::string(id);
      co_await queue::enqueue(s.unscoped(), job, json::object{}, mine);
    }));
  }
  common::TenantDb w1(*database, {"w1", "u1"});
  db::Result visible;
  run(w1.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    db::Params none;
    visible = co_await s.unscoped().query("SELECT workspace_id FROM jobs", none);
  }));
  ASSERT_EQ(visible.size(), 1u);
  EXPECT_EQ(visible.front().text("workspace_id"), "w1");
}

INSTANTIATE_TEST_SUITE_P(Engines, Queue, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres), engine_name);

}  // namespace
}  // namespace crest::testing
