#pragma once
// The jobs table, as the queue reads and writes it. Enqueue runs inside the caller's transaction
// (a rolled-back request leaves no job, a committed one always has it); everything else is the
// worker's, each call a transaction of its own, and every change to a claimed job is conditional
// on the lease token its claim wrote (a worker that lost its lease changes nothing).
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/db/database.hpp"
#include "core/queue/job.hpp"

namespace crest::queue {

struct EnqueueOptions {
  std::optional<std::string> workspace_id;  // null: a system job (a cron's)
  std::optional<std::string> actor_id;      // who asked for it (its audit entry's actor)
  int priority = 0;                         // higher runs first
  std::chrono::milliseconds delay{0};       // Delayed until then
  std::optional<std::string> dedupe_key;    // a second enqueue while one is pending is a no-op
};

// The channel enqueues NOTIFY on PostgreSQL (the payload names the queue).
inline constexpr const char* kJobsChannel = "crest_jobs";

struct Enqueued {
  std::string id;
  bool created = true;  // false: deduplicated onto the pending job `id`
};

// Throws BadRequest naming the fields when the payload fails the job's schema.
boost::asio::awaitable<Enqueued> enqueue(db::Session& tx, const JobDefinition& job, const boost::json::value& payload,
                                         EnqueueOptions options = {});

struct LimitedClaim {
  std::vector<ClaimedJob> jobs;
  bool exhausted = false;  // the window has no more room: claim again once it ends
  std::chrono::system_clock::time_point window_ends;
};

class QueueStore {
 public:
  explicit QueueStore(db::Database& database) : database_(database) {}

  // Up to `limit` due jobs of `queue`, each starting an attempt under a lease of `lease`.
  boost::asio::awaitable<std::vector<ClaimedJob>> claim(const std::string& queue, int limit,
                                                        std::chrono::milliseconds lease);
  // The same under the queue's rate limit: takes no more than the window has left, in the same
  // transaction that records what it took (the window's row locked meanwhile).
  boost::asio::awaitable<LimitedClaim> claim_limited(const std::string& queue, int limit, std::chrono::milliseconds lease,
                                                     const RateLimit& rate);
  // Jobs whose lease ran out: queued again, or failed after their last attempt. How many.
  boost::asio::awaitable<std::int64_t> reap_expired_leases();
  // Each returns false when the lease was lost (the job is someone else's now): nothing changed.
  boost::asio::awaitable<bool> complete(const ClaimedJob& job, const boost::json::value& result, bool forget_payload);
  // Several completions in one statement (the worker's group commit); the ids whose lease still
  // held, so were completed.
  struct Completion {
    const ClaimedJob* job;
    std::string result;  // JSON text
    bool forget_payload = false;
  };
  boost::asio::awaitable<std::vector<std::string>> complete_all(const std::vector<Completion>& completions);
  // retry_in: Delayed until then; nullopt: Failed for good (the dead-letter state).
  boost::asio::awaitable<bool> fail(const ClaimedJob& job, const std::string& error,
                                    std::optional<std::chrono::milliseconds> retry_in, bool forget_payload);
  // Stopped on request (cancel_requested_at was set): Cancelled, `error` saying how far it got.
  boost::asio::awaitable<bool> cancel(const ClaimedJob& job, const std::string& error, bool forget_payload);
  // Back to Queued, the attempt not counted (shutdown).
  boost::asio::awaitable<bool> release(const ClaimedJob& job);
  struct ProgressWrite {
    bool kept = false;              // the lease held
    bool cancel_requested = false;  // someone asked the job to stop
  };
  boost::asio::awaitable<ProgressWrite> progress(const ClaimedJob& job, const boost::json::value& value);
  // Removes the finished jobs of `queue` past its retention, in batches; how many went.
  boost::asio::awaitable<std::int64_t> remove_finished(const std::string& queue, const Retention& retention,
                                                       std::chrono::system_clock::time_point now);
  // How many jobs each queue holds in each state.
  boost::asio::awaitable<std::vector<std::tuple<std::string, std::string, std::int64_t>>> counts();
  struct Renewal {
    std::int64_t renewed = 0;
    std::vector<std::string> cancel_requested;  // the tokens of jobs asked to stop
  };
  // Extends every lease in `tokens` by `lease` from now, in one statement.
  boost::asio::awaitable<Renewal> renew(const std::vector<std::string>& tokens, std::chrono::milliseconds lease);

 private:
  // One statement as the worker: on PostgreSQL with crest.queue_worker set for the jobs policy.
  boost::asio::awaitable<db::Result> run(std::string_view sql, db::Params params);
  db::Database& database_;
};

}  // namespace crest::queue
