#include "core/queue/queue_store.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/time.hpp"
#include "core/util/uuid.hpp"

namespace crest::queue {
namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::system_clock;

namespace {
std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/core/queue/queries/") + std::string(name) + ".sql");
}
constexpr std::string_view kAsWorker = "SELECT set_config('crest.queue_worker', 'on', true)";
constexpr std::string_view kNotify = "SELECT pg_notify('crest_jobs', $1)";

db::Value optional(const std::optional<std::string>& text) { return text ? db::Value(*text) : db::Value(nullptr); }
std::string at(std::chrono::milliseconds from_now) { return iso8601(Clock::now() + from_now); }

ClaimedJob claimed_from(const db::Row& row, const std::string& lease_token) {
  ClaimedJob job;
  job.id = row.text("id");
  job.queue = row.text("queue");
  job.name = row.text("name");
  job.payload = row.text("payload");
  job.workspace_id = row.optional_text("workspace_id");
  job.actor_id = row.optional_text("actor_id");
  job.priority = static_cast<int>(row.integer("priority"));
  job.attempt = static_cast<int>(row.integer("attempts"));
  job.max_attempts = static_cast<int>(row.integer("max_attempts"));
  boost::system::error_code ec;
  json::value backoff = json::parse(row.text("backoff"), ec);
  if (!ec && backoff.is_object())
    if (auto parsed = Backoff::from_json(backoff.as_object())) job.backoff = *parsed;
  job.timeout = std::chrono::milliseconds(row.integer("timeout_ms"));
  job.lease_token = lease_token;
  job.run_at = row.time("run_at");
  job.dedupe_key = row.optional_text("dedupe_key");
  return job;
}
}  // namespace

asio::awaitable<Enqueued> enqueue(db::Session& tx, const JobDefinition& job, const json::value& payload,
                                  EnqueueOptions options) {
  json::value checked = payload;
  if (job.schema()) {
    auto validated = job.schema()->validate(payload);
    if (!validated.ok()) throw BadRequest("Invalid payload for job " + job.name(), std::move(validated.errors));
    checked = std::move(validated.value);
  }
  // A system job is written as the worker (the jobs policy); a workspace's under its tenant.
  if (!options.workspace_id && tx.engine() == db::Engine::Postgres) tx.defer(kAsWorker, db::Params{});
  std::string now = iso8601_now();
  std::string id = uuid_v7();
  bool delayed = options.delay.count() > 0;
  db::Params params{id,
                    job.queue_name(),
                    job.name(),
                    json::serialize(checked),
                    optional(options.workspace_id),
                    optional(options.actor_id),
                    std::string(delayed ? state::Delayed : state::Queued),
                    std::int64_t{options.priority},
                    delayed ? at(options.delay) : now,
                    std::int64_t{job.max_attempts()},
                    json::serialize(job.backoff_policy().to_json()),
                    std::int64_t{job.timeout_after().count()},
                    optional(options.dedupe_key),
                    now};
  // Idle workers LISTEN: the notification goes out when (and only if) the transaction commits,
  // and PostgreSQL folds a transaction's repeats into one.
  if (!delayed && tx.engine() == db::Engine::Postgres) tx.defer(kNotify, db::Params{job.queue_name()});
  auto inserted = co_await tx.query(query("enqueue"), std::move(params));
  if (!inserted.empty()) co_return Enqueued{inserted.front().text("id"), true};
  db::Params pending{job.queue_name(), *options.dedupe_key};
  auto existing = co_await tx.query(query("pending_by_dedupe_key"), std::move(pending));
  co_return Enqueued{existing.empty() ? std::string() : existing.front().text("id"), false};
}

asio::awaitable<db::Result> QueueStore::run(std::string_view sql, db::Params params) {
  db::Result out;
  co_await database_.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    if (tx.engine() == db::Engine::Postgres) tx.defer(kAsWorker, db::Params{});
    out = co_await tx.query(sql, params);
  });
  co_return out;
}

namespace {
std::vector<ClaimedJob> jobs_from(const db::Result& rows, const std::string& token) {
  std::vector<ClaimedJob> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(claimed_from(rows[i], token));
  // RETURNING keeps no order: started as they were chosen.
  std::sort(out.begin(), out.end(), [](const ClaimedJob& a, const ClaimedJob& b) {
    return a.priority != b.priority ? a.priority > b.priority : a.run_at != b.run_at ? a.run_at < b.run_at : a.id < b.id;
  });
  return out;
}
}  // namespace

asio::awaitable<std::vector<ClaimedJob>> QueueStore::claim(const std::string& queue, int limit,
                                                           std::chrono::milliseconds lease) {
  std::string now = iso8601_now();
  if (database_.engine() == db::Engine::Sqlite) {
    db::Params probe{queue, now};
    auto due = co_await database_.query(query("any_due"), std::move(probe));
    if (due.empty()) co_return std::vector<ClaimedJob>{};
  }
  std::string token = uuid_v7();
  db::Params params{queue, now, token, at(lease), std::int64_t{limit}};
  auto rows = co_await run(db::sql_for(database_.engine(), "src/core/queue/queries/claim"), std::move(params));
  co_return jobs_from(rows, token);
}

asio::awaitable<LimitedClaim> QueueStore::claim_limited(const std::string& queue, int limit,
                                                       std::chrono::milliseconds lease, const RateLimit& rate) {
  auto per = std::max(rate.per, std::chrono::milliseconds(1));
  auto window_of = [per](Clock::time_point t) {
    auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
    return Clock::time_point(since_epoch - since_epoch % per);
  };
  LimitedClaim out;
  co_await database_.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    out.jobs.clear();
    out.exhausted = false;
    if (tx.engine() == db::Engine::Postgres) tx.defer(kAsWorker, db::Params{});
    db::Params open{queue, iso8601(window_of(Clock::now()))};
    co_await tx.query(query("open_rate_window"), std::move(open));
    db::Params which{queue};
    auto current = co_await tx.query(db::sql_for(tx.engine(), "src/core/queue/queries/rate_window"), std::move(which));
    // The time is read once the window's row is locked: read before, by a worker that then waited
    // for the lock, it could name a window already past and open it again (a second budget).
    // A window never goes back: a later one (opened by a worker whose clock runs ahead) is shared.
    auto now = Clock::now();
    Clock::time_point window = window_of(now);
    std::int64_t taken = 0;
    if (!current.empty())
      if (auto opened = parse_iso8601(current.front().time("window_start")); opened && *opened >= window) {
        window = *opened;
        taken = current.front().integer("taken");
      }
    out.window_ends = window + per;
    std::int64_t room = std::min<std::int64_t>(limit, rate.max - taken);
    if (room <= 0) {
      out.exhausted = true;
      co_return;
    }
    std::string token = uuid_v7();
    db::Params params{queue, iso8601(now), token, at(lease), room};
    auto rows = co_await tx.query(db::sql_for(tx.engine(), "src/core/queue/queries/claim"), std::move(params));
    out.jobs = jobs_from(rows, token);
    taken += static_cast<std::int64_t>(out.jobs.size());
    db::Params took{queue, iso8601(window), taken};
    co_await tx.query(query("take_rate"), std::move(took));
    out.exhausted = taken >= rate.max;
  });
  co_return out;
}

asio::awaitable<std::int64_t> QueueStore::reap_expired_leases() {
  db::Params params{iso8601_now()};
  auto result = co_await run(query("reap_expired_leases"), std::move(params));
  co_return result.affected_rows;
}

asio::awaitable<bool> QueueStore::complete(const ClaimedJob& job, const json::value& result, bool forget_payload) {
  db::Params params{job.id, job.lease_token, json::serialize(result), iso8601_now(), std::int64_t{forget_payload ? 1 : 0}};
  auto changed = co_await run(query("complete"), std::move(params));
  co_return changed.affected_rows == 1;
}

asio::awaitable<std::vector<std::string>> QueueStore::complete_all(const std::vector<Completion>& completions) {
  std::vector<std::string> kept;
  if (completions.empty()) co_return kept;
  db::Params params{iso8601_now()};
  std::string rows;
  for (const auto& done : completions) {
    std::size_t first = params.size() + 1;
    params.emplace_back(done.job->id);
    params.emplace_back(done.job->lease_token);
    params.emplace_back(done.result);
    params.emplace_back(std::string(done.forget_payload ? "1" : "0"));
    rows += fmt::format("{}(${}, ${}, ${}, ${})", rows.empty() ? "" : ", ", first, first + 1, first + 2, first + 3);
  }
  std::string sql = db::fill_placeholder(query("complete_batch"), "rows", rows);
  auto changed = co_await run(sql, std::move(params));
  kept.reserve(changed.size());
  for (std::size_t i = 0; i < changed.size(); ++i) kept.push_back(changed[i].text("id"));
  co_return kept;
}

asio::awaitable<bool> QueueStore::fail(const ClaimedJob& job, const std::string& error,
                                       std::optional<std::chrono::milliseconds> retry_in, bool forget_payload) {
  std::string now = iso8601_now();
  bool final = !retry_in;
  db::Params params{job.id,
                    job.lease_token,
                    std::string(final ? state::Failed : state::Delayed),
                    error,
                    final ? now : at(*retry_in),
                    final ? db::Value(now) : db::Value(nullptr),
                    now,
                    std::int64_t{final && forget_payload ? 1 : 0}};
  auto changed = co_await run(query("fail"), std::move(params));
  co_return changed.affected_rows == 1;
}

asio::awaitable<bool> QueueStore::cancel(const ClaimedJob& job, const std::string& error, bool forget_payload) {
  std::string now = iso8601_now();
  db::Params params{job.id, job.lease_token, error, now, std::int64_t{forget_payload ? 1 : 0}};
  auto changed = co_await run(query("cancel_active"), std::move(params));
  co_return changed.affected_rows == 1;
}

asio::awaitable<bool> QueueStore::release(const ClaimedJob& job) {
  db::Params params{job.id, job.lease_token, iso8601_now()};
  auto changed = co_await run(query("release"), std::move(params));
  co_return changed.affected_rows == 1;
}

asio::awaitable<QueueStore::ProgressWrite> QueueStore::progress(const ClaimedJob& job, const json::value& value) {
  db::Params params{job.id, job.lease_token, json::serialize(value), iso8601_now()};
  auto changed = co_await run(query("progress"), std::move(params));
  ProgressWrite out;
  out.kept = changed.size() == 1;
  out.cancel_requested = out.kept && changed.front().integer("cancel_requested") == 1;
  co_return out;
}

asio::awaitable<QueueStore::Renewal> QueueStore::renew(const std::vector<std::string>& tokens,
                                                        std::chrono::milliseconds lease) {
  Renewal out;
  if (tokens.empty()) co_return out;
  std::string list;
  db::Params params{at(lease)};
  for (const auto& token : tokens) {
    params.emplace_back(token);
    list += (list.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  std::string sql = db::fill_placeholder(query("renew_leases"), "tokens", list);
  auto renewed = co_await run(sql, std::move(params));
  out.renewed = static_cast<std::int64_t>(renewed.size());
  for (std::size_t i = 0; i < renewed.size(); ++i)
    if (renewed[i].integer("cancel_requested") == 1) out.cancel_requested.push_back(renewed[i].text("lease_token"));
  co_return out;
}

}  // namespace crest::queue

namespace crest::queue {

asio::awaitable<std::vector<std::tuple<std::string, std::string, std::int64_t>>> QueueStore::counts() {
  auto rows = co_await run(query("counts"), db::Params{});
  std::vector<std::tuple<std::string, std::string, std::int64_t>> out;
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.emplace_back(rows[i].text("queue"), rows[i].text("state"), rows[i].integer("n"));
  co_return out;
}

asio::awaitable<std::int64_t> QueueStore::remove_finished(const std::string& queue, const Retention& retention,
                                                          Clock::time_point now) {
  constexpr std::int64_t kBatch = 2'000;
  struct Kept {
    const char* first;
    const char* second;
    std::int64_t count;
    std::chrono::seconds age;
  };
  const Kept kinds[] = {{state::Completed, state::Completed, retention.completed, retention.completed_for},
                        {state::Failed, state::Cancelled, retention.failed, retention.failed_for}};
  std::int64_t removed = 0;
  for (const Kept& kind : kinds) {
    // Whichever keeps less: the age, or the count (the count-th newest stays, older ones go).
    std::string before = iso8601(now - kind.age);
    if (kind.count <= 0) {
      before = iso8601(now + std::chrono::hours(1));
    } else {
      db::Params nth{queue, std::string(kind.first), std::string(kind.second), kind.count - 1};
      auto cutoff = co_await run(query("finished_cutoff"), std::move(nth));
      if (!cutoff.empty()) before = std::max(before, cutoff.front().time("finished_at"));
    }
    for (;;) {
      db::Params batch{queue, std::string(kind.first), std::string(kind.second), before, kBatch};
      auto gone = co_await run(query("remove_finished"), std::move(batch));
      removed += gone.affected_rows;
      if (gone.affected_rows < kBatch) break;
    }
  }
  co_return removed;
}

}  // namespace crest::queue
