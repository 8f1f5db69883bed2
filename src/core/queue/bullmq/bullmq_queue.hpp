#pragma once
// One BullMQ queue on Redis, driven through BullMQ's own scripts (bullmq_scripts.hpp), so that
// Node's `Queue`, `Worker` and Bull Board of the pinned bullmq version share its jobs with crest:
// add() is Queue.add (addStandardJob); take_next(), complete() and fail() are a Worker's
// moveToActive, moveToFinished and retryJob. Each script is sent once (SCRIPT LOAD) and run by its SHA-1 (EVALSHA),
// loaded again when Redis forgot it (NOSCRIPT: a restart, SCRIPT FLUSH).
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "core/queue/bullmq/bullmq_args.hpp"
#include "core/redis/redis_client.hpp"

namespace crest::queue::bullmq {

// A job a worker holds: Active in BullMQ's layout, locked by the worker's token.
struct ActiveJob {
  std::string id;
  std::string name;
  boost::json::value data;
  int attempts = 1;         // opts.attempts (BullMQ's 0 means once)
  int attempts_made = 0;    // "atm"
  boost::json::value backoff;  // opts.backoff (null: none)
  std::int64_t timestamp_ms = 0;
};

class Queue {
 public:
  Queue(redis::Client& redis, QueueKeys keys) : redis_(redis), keys_(std::move(keys)) {}

  // The job's id (BullMQ's counter, or the custom id); std::runtime_error on an error reply.
  boost::asio::awaitable<std::string> add(NewJob job);

  // The next waiting job, moved to active and locked by `token` for `lock`; nullopt when none
  // waits (or the queue is paused or rate-limited).
  boost::asio::awaitable<std::optional<ActiveJob>> take_next(const std::string& token, std::chrono::milliseconds lock);
  // Moves a job this token holds to completed with `result` as its return value (the completed
  // jobs are kept, as a Worker keeps them by default); std::runtime_error when the lock is not
  // this token's any more (BullMQ's -2 and -6).
  boost::asio::awaitable<void> complete(const ActiveJob& job, const std::string& token, const boost::json::value& result,
                                        std::chrono::milliseconds lock);

  // A job this token holds failed with `reason`, as Job.moveToFailed handles it: while attempts
  // remain it is tried again, after its backoff (moveToDelayed) or at once (retryJob), else it
  // goes to failed with the reason (moveToFinished). Node's Job shows failedReason,
  // attemptsMade and its state either way.
  boost::asio::awaitable<void> fail(const ActiveJob& job, const std::string& token, const std::string& reason,
                                    std::chrono::milliseconds lock);

  // The job's progress (a number or an object), as Job.updateProgress stores and announces it.
  boost::asio::awaitable<void> update_progress(const ActiveJob& job, const boost::json::value& progress);
  // Extends the lock `token` holds on the job by `lock` from now (extendLock); false when the
  // lock is not this token's any more (it ran out and another worker may hold the job).
  boost::asio::awaitable<bool> extend_lock(const ActiveJob& job, const std::string& token, std::chrono::milliseconds lock);

  // Runs one of BullMQ's scripts with these keys and arguments.
  boost::asio::awaitable<redis::Reply> run(std::string_view script, std::vector<std::string> keys_and_args);

 private:
  boost::asio::awaitable<void> finish(const ActiveJob& job, const std::string& token, std::string_view target,
                                      const std::string& value, const std::string& fields, std::chrono::milliseconds lock);

  redis::Client& redis_;
  QueueKeys keys_;
  std::map<std::string, std::string, std::less<>> loaded_;  // script name -> SHA-1
};

}  // namespace crest::queue::bullmq
