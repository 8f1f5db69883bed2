#pragma once
// Jobs as a module declares them, the way it declares routes: one visible table.
//
//   jobs.define("mail.send").queue("mail").payload(mail_schema()).attempts(8)
//       .backoff(Backoff::exponential(1s, 1h)).timeout(30s).forget_payload_when_done()
//       .handle([mailer](JobContext& job) -> awaitable<json::value> { ... });
//
// A handler gets the payload (validated), the attempt number, a progress callback, a
// cancellation flag (timeout, shutdown) and the database. What it returns is the job's result.
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/db/database.hpp"
#include "core/queue/backoff.hpp"
#include "core/schema/schema.hpp"

namespace crest::queue {

// Title Case, on the wire and in the table.
namespace state {
inline constexpr const char* Queued = "Queued";
inline constexpr const char* Delayed = "Delayed";
inline constexpr const char* Active = "Active";
inline constexpr const char* Completed = "Completed";
inline constexpr const char* Failed = "Failed";
inline constexpr const char* Cancelled = "Cancelled";
}  // namespace state

// One claimed job, as its handler and the worker see it.
struct ClaimedJob {
  std::string id;
  std::string queue;
  std::string name;
  std::string payload;  // JSON text
  std::optional<std::string> workspace_id;
  std::optional<std::string> actor_id;
  int priority = 0;
  int attempt = 0;  // this run's number, from 1
  int max_attempts = 1;
  Backoff backoff;
  std::chrono::milliseconds timeout{30'000};
  std::string lease_token;
  std::string run_at;  // when it was due (queue lag = start - due)
  std::optional<std::string> dedupe_key;
};

class JobContext {
 public:
  JobContext(const ClaimedJob& job, boost::json::value payload, db::Database& database,
             std::function<boost::asio::awaitable<void>(boost::json::value)> progress)
      : job_(job), payload_(std::move(payload)), database_(database), progress_(std::move(progress)) {}

  const boost::json::value& payload() const noexcept { return payload_; }
  const ClaimedJob& job() const noexcept { return job_; }
  int attempt() const noexcept { return job_.attempt; }
  // The same on every attempt of this job (a cron's tick: the same for the tick whichever job
  // runs it): what a handler dedupes its side effects by.
  const std::string& idempotency_key() const noexcept { return idempotency_key_ ? *idempotency_key_ : job_.id; }
  void set_idempotency_key(std::string key) { idempotency_key_ = std::move(key); }
  db::Database& database() noexcept { return database_; }
  // Set when the job ran past its timeout, the worker shuts down or someone asked it to stop:
  // finish or give up soon.
  bool cancelled() const noexcept { return cancelled_->load(); }
  std::shared_ptr<std::atomic<bool>> cancellation() const noexcept { return cancelled_; }
  // Set (with cancelled()) when someone asked this job to stop (POST /jobs/:id/cancel): a handler
  // that then throws leaves the job Cancelled, its message the job's error (say how far it got);
  // one that returns completes it.
  bool cancel_requested() const noexcept { return cancel_requested_->load(); }
  std::shared_ptr<std::atomic<bool>> cancel_request() const noexcept { return cancel_requested_; }
  // Stored with the job (GET /jobs/:id shows it); fenced by the lease like every change.
  boost::asio::awaitable<void> progress(boost::json::value value) { co_await progress_(std::move(value)); }

 private:
  const ClaimedJob& job_;
  boost::json::value payload_;
  db::Database& database_;
  std::function<boost::asio::awaitable<void>(boost::json::value)> progress_;
  std::optional<std::string> idempotency_key_;
  std::shared_ptr<std::atomic<bool>> cancelled_ = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<std::atomic<bool>> cancel_requested_ = std::make_shared<std::atomic<bool>>(false);
};

using JobHandler = std::function<boost::asio::awaitable<boost::json::value>(JobContext&)>;

// A failure that no retry can mend (a permanent SMTP rejection, a payload that can never be
// right): the job fails at once.
class PermanentJobError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct JobAudit {
  std::string action;   // "Send"
  std::string subject;  // "Mail"
};

// Where the audit entries of jobs declaring audit() go; the application installs one (the
// framework does not know the audit table). A system job (no workspace) has no audit log.
class JobAuditSink {
 public:
  virtual ~JobAuditSink() = default;
  // details: the queue, the job's name, the attempt, and the error of a failure.
  virtual boost::asio::awaitable<void> record(db::Database& database, const ClaimedJob& job, const JobAudit& audit,
                                              bool success, boost::json::object details) = 0;
};

class JobDefinition {
 public:
  explicit JobDefinition(std::string name) : name_(std::move(name)) {}

  JobDefinition& queue(std::string name) { queue_ = std::move(name); return *this; }
  JobDefinition& payload(schema::Schema schema) { schema_ = std::move(schema); return *this; }
  JobDefinition& attempts(int count) { attempts_ = count < 1 ? 1 : count; return *this; }
  JobDefinition& backoff(Backoff b) { backoff_ = b; return *this; }
  JobDefinition& timeout(std::chrono::milliseconds t) { timeout_ = t; return *this; }
  // Once done the payload is emptied: for payloads that carry a secret (a sealed link).
  JobDefinition& forget_payload_when_done() { forget_payload_ = true; return *this; }
  JobDefinition& handle(JobHandler handler) { handler_ = std::move(handler); return *this; }
  // Its final outcome (completed, or failed for good) is audited in a transaction of its own:
  // the actor is who enqueued it, the request id the job's id (seed 002, "@Audit on jobs").
  JobDefinition& audit(std::string action, std::string subject) {
    audit_ = JobAudit{std::move(action), std::move(subject)};
    return *this;
  }
  // A cron's job: its dedupe key is the tick's, and its handlers' idempotency key (CronRegistry).
  JobDefinition& keyed_by_tick() { keyed_by_tick_ = true; return *this; }

  const std::string& name() const noexcept { return name_; }
  const std::string& queue_name() const noexcept { return queue_; }
  const std::optional<schema::Schema>& schema() const noexcept { return schema_; }
  int max_attempts() const noexcept { return attempts_; }
  const Backoff& backoff_policy() const noexcept { return backoff_; }
  std::chrono::milliseconds timeout_after() const noexcept { return timeout_; }
  bool forgets_payload() const noexcept { return forget_payload_; }
  bool is_keyed_by_tick() const noexcept { return keyed_by_tick_; }
  const std::optional<JobAudit>& audited() const noexcept { return audit_; }
  const JobHandler& handler() const noexcept { return handler_; }

 private:
  std::string name_;
  std::string queue_ = "default";
  std::optional<schema::Schema> schema_;
  int attempts_ = 3;
  Backoff backoff_;
  std::chrono::milliseconds timeout_{30'000};
  bool forget_payload_ = false;
  bool keyed_by_tick_ = false;
  std::optional<JobAudit> audit_;
  JobHandler handler_;
};

// How long finished jobs of a queue stay (GET /jobs shows them), by count and by age: a job goes
// once either says so. Cancelled jobs count with the failed.
struct Retention {
  std::int64_t completed = 1'000;
  std::chrono::seconds completed_for{std::chrono::hours(24)};
  std::int64_t failed = 10'000;
  std::chrono::seconds failed_for{std::chrono::hours(24 * 7)};
};

// At most `max` jobs of a queue start per window of `per`, across every worker (fixed windows
// aligned to the epoch, kept in the database).
struct RateLimit {
  int max = 0;
  std::chrono::milliseconds per{1'000};
};

class JobRegistry {
 public:
  void limit(std::string queue, RateLimit rate) { rate_limits_[std::move(queue)] = rate; }
  std::optional<RateLimit> rate_limit(std::string_view queue) const {
    auto it = rate_limits_.find(queue);
    return it == rate_limits_.end() ? std::nullopt : std::optional(it->second);
  }
  // The retention of `queue` (the default for a queue never given one).
  void retain(std::string queue, Retention retention) { retention_[std::move(queue)] = retention; }
  Retention retention(std::string_view queue) const {
    auto it = retention_.find(queue);
    return it == retention_.end() ? Retention{} : it->second;
  }

  // Throws std::logic_error for a name defined twice.
  JobDefinition& define(std::string name);
  const JobDefinition* find(std::string_view name) const;
  // Every queue some job names, sorted.
  std::vector<std::string> queues() const;
  const std::map<std::string, std::unique_ptr<JobDefinition>, std::less<>>& all() const noexcept { return jobs_; }

 private:
  std::map<std::string, std::unique_ptr<JobDefinition>, std::less<>> jobs_;
  std::map<std::string, Retention, std::less<>> retention_;
  std::map<std::string, RateLimit, std::less<>> rate_limits_;
};

}  // namespace crest::queue
