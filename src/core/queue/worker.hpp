#pragma once
// The worker: claims due jobs of its queues, runs each with its timeout, renews their leases in
// one statement per beat, retries failures on their backoff, and on stop() drains: running jobs
// get until shutdown_timeout, the rest are handed back (Queued, the attempt not counted).
//
//   queue::Worker worker(db, registry, {.queues = {{"mail", 4}}});
//   co_await worker.run();  // until worker.stop()
//
// At least once: a job whose worker dies runs again once its lease runs out, and a job that keeps
// killing its workers stops after max_attempts starts. A handler should be idempotent (its
// JobContext::idempotency_key() is the same on every attempt).
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/db/database.hpp"
#include "core/queue/job.hpp"
#include "core/queue/job_metrics.hpp"

namespace crest::queue {

struct QueueOptions {
  std::string name;
  int concurrency = 10;
};

struct WorkerOptions {
  std::vector<QueueOptions> queues;  // empty: every queue the registry names, at default_concurrency
  int default_concurrency = 10;
  std::chrono::milliseconds lease{30'000};
  std::chrono::milliseconds poll_interval{250};  // the longest an idle worker waits without a wake()
  bool listen = true;  // wake on NOTIFY (PostgreSQL) or any commit (SQLite's WAL index), not only the poll
  std::chrono::milliseconds shutdown_timeout{10'000};
  std::shared_ptr<JobAuditSink> audit = nullptr;  // for jobs declaring audit(); none: not audited
  std::shared_ptr<JobMetrics> metrics = nullptr;  // what /metrics shows; none: not measured
  std::chrono::milliseconds counts_interval{5'000};  // the jobs-by-state gauge's refresh (and at most once a second as jobs finish)
};

struct WorkerStats {
  std::atomic<std::uint64_t> completed{0}, failed{0}, retried{0}, handed_back{0}, lost_leases{0};
};

class Worker {
 public:
  Worker(db::Database& database, const JobRegistry& registry, WorkerOptions options);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Runs on the calling coroutine's executor (one thread) until stop(), then drains.
  boost::asio::awaitable<void> run();
  // From any thread: stop claiming and drain.
  void stop();
  // From any thread: work may be due now (an enqueue in this process, a notification).
  void wake();

  const WorkerStats& stats() const noexcept;
  // How many jobs run now.
  std::size_t running() const noexcept;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace crest::queue
