#include "modules/audit/audit_maintenance.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/log/log.hpp"
#include "core/util/time.hpp"
#include "modules/audit/audit_partitions.hpp"
#include "modules/audit/audit_partman.hpp"

namespace crest::modules::audit {
namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::sys_seconds;

namespace {

constexpr std::int64_t kDeleteBatch = 500;
// Rows dated further ahead than this stay in the default partition (and are reported): one bad
// clock must not make a partition per period up to the year 9999.
constexpr std::chrono::hours kFurthestAhead{24 * 366};
// pg_advisory_xact_lock's key for "maintaining the audit log" (any constant no one else takes).
constexpr std::int64_t kMaintainerLock = 0x637265737461756c;  // "crestaul"

std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/modules/audit/queries/") + std::string(name) + ".sql");
}

std::string iso(sys_seconds at) { return iso8601(std::chrono::system_clock::time_point(at)); }
std::string sql_time(sys_seconds at) { return "'" + iso(at) + "'"; }  // crest's own instants, never input

// Rollups (and stale marks) of the hours before `before` (migration 0016). A day the cutoff cuts
// keeps its daily row until its hour at the cutoff is marked stale: the next refresh sums the day
// again from the hours that remain, and reads take it from the raw rows meanwhile.
asio::awaitable<void> forget_rollups_before(db::Session& s, sys_seconds before) {
  const sys_seconds day = std::chrono::floor<std::chrono::days>(before);
  db::Params hours{iso(before)};
  co_await s.query("DELETE FROM audit_rollups_hourly WHERE bucket < $1", std::move(hours));
  db::Params days{iso(day)};
  co_await s.query("DELETE FROM audit_rollups_daily WHERE bucket < $1", std::move(days));
  db::Params stale{iso(before)};
  co_await s.query("DELETE FROM rollup_stale WHERE name = 'audit' AND bucket < $1", std::move(stale));
  if (day < before) {
    db::Params cut{iso(before), iso(day)};
    co_await s.query(query(s.engine() == db::Engine::Postgres ? "mark_cut_day.postgres" : "mark_cut_day.sqlite"),
                     std::move(cut));
  }
}

bool overlaps(const std::vector<Partition>& existing, const Period& period) {
  return std::any_of(existing.begin(), existing.end(),
                     [&](const Partition& p) { return p.period.from < period.to && period.from < p.period.to; });
}

// Another maintainer holds the lock: this run leaves the work to it.
struct AnotherMaintainer {};

// One maintenance step: its own transaction, the maintainer's key to every workspace's rows, the
// lock that keeps a second maintainer out (it gives up at once, AnotherMaintainer), and a bound on
// waiting for the table.
asio::awaitable<void> step(db::Database& database, std::function<asio::awaitable<void>(db::Session&)> body) {
  const common::RlsSettings maintainer{{"crest.audit_maintenance", "on"}};
  bool locked = false;
  co_await common::with_rls(database, maintainer, true, [&](db::Session& s) -> asio::awaitable<void> {
    co_await s.query("SET LOCAL lock_timeout = '5s'");
    db::Params key{kMaintainerLock};
    auto got = co_await s.query("SELECT pg_try_advisory_xact_lock($1) AS got", std::move(key));
    locked = got[0].integer("got") == 1;
    if (locked) co_await body(s);
  });
  if (!locked) throw AnotherMaintainer{};
}

// Makes the partition of `period` unless one overlaps it, taking the default partition's rows of
// its range along; how many rows moved, or nullopt when it was not made.
asio::awaitable<std::optional<std::int64_t>> create_partition(db::Session& s, const std::string& name, const Period& period) {
  auto existing = co_await partitions(s);
  if (overlaps(existing, period)) co_return std::nullopt;
  db::Params range{iso(period.from), iso(period.to)};
  auto waiting = co_await s.query(query("count_default_range.postgres"), range);
  std::int64_t moving = waiting.empty() ? 0 : waiting[0].integer("n");
  if (moving > 0) {
    co_await s.query("CREATE TEMP TABLE audit_moving (LIKE audit_logs) ON COMMIT DROP");
    db::Params taken{iso(period.from), iso(period.to)};
    co_await s.query(query("take_default_range.postgres"), std::move(taken));
  }
  // Made apart and then attached: ATTACH takes only SHARE UPDATE EXCLUSIVE on audit_logs, so the
  // API's inserts and reads go on (CREATE TABLE … PARTITION OF would take ACCESS EXCLUSIVE). The
  // CHECK spares ATTACH a scan of the new table; the parent's indexes and trigger come with it.
  std::string table(common::checked_identifier(name));
  // (Each statement named before it is awaited: g++ 12 mishandles temporaries in a co_await.)
  const std::string statements[] = {
      fmt::format("CREATE TABLE {} (LIKE audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)", table),
      fmt::format("ALTER TABLE {0} ADD CONSTRAINT {0}_range CHECK (created_at >= {1} AND created_at < {2})", table,
                  sql_time(period.from), sql_time(period.to)),
  };
  const std::string attach = fmt::format("ALTER TABLE audit_logs ATTACH PARTITION {} FOR VALUES FROM ({}) TO ({})", table,
                                         sql_time(period.from), sql_time(period.to));
  for (const std::string& statement : statements) co_await s.query(statement);
  auto securing = securing_statements(name);
  for (const std::string& statement : securing) co_await s.query(statement);
  co_await s.query(attach);
  if (moving > 0) co_await s.query("INSERT INTO audit_logs SELECT * FROM audit_moving");
  co_return moving;
}

asio::awaitable<void> maintain_partitions(db::Database& database, const AuditRetentionPolicy& policy, sys_seconds now,
                                          AuditMaintenanceReport& report) {
  const sys_seconds cutoff = now - policy.retention;
  const char* unit = policy.span == PartitionSpan::Day ? "day" : "month";

  // pg_partman, when installed, makes the periods ahead and drops those past the retention.
  std::optional<std::string> partman;
  co_await step(database, [&](db::Session& s) -> asio::awaitable<void> { partman = co_await partman_schema(s); });
  report.partman = partman.has_value();

  // What must exist: the current period and the ones ahead, and the periods of rows that reached
  // the default partition (not past the retention, not absurdly far ahead).
  std::vector<Period> wanted;
  if (!partman) wanted = periods_from(policy.span, now, policy.ahead);
  std::vector<std::pair<sys_seconds, std::int64_t>> in_default;
  co_await step(database, [&](db::Session& s) -> asio::awaitable<void> {
    db::Params span{std::string(unit)};
    auto rows = co_await s.query(query("default_periods.postgres"), std::move(span));
    for (std::size_t i = 0; i < rows.size(); ++i)
      in_default.emplace_back(sys_seconds(std::chrono::seconds(rows[i].integer("from_s"))), rows[i].integer("n"));
  });
  for (const auto& [from, count] : in_default) {
    Period period = period_of(policy.span, from);
    if (period.to <= cutoff || period.from > now + kFurthestAhead) continue;
    if (std::find(wanted.begin(), wanted.end(), period) == wanted.end()) wanted.push_back(period);
  }

  for (const Period& period : wanted) {
    std::string name = partition_name(policy.span, period);
    std::optional<std::int64_t> moved;
    co_await step(database, [&](db::Session& s) -> asio::awaitable<void> { moved = co_await create_partition(s, name, period); });
    if (!moved) continue;
    report.created.push_back(name);
    report.moved += *moved;
  }

  if (partman) {
    co_await step(database, [&](db::Session& s) -> asio::awaitable<void> {
      auto changes = co_await maintain_with_partman(s, *partman, policy, now);
      for (auto& name : changes.created) report.created.push_back(std::move(name));
      for (auto& name : changes.dropped) report.dropped.push_back(std::move(name));
    });
  }

  // Whole partitions past the retention go with one DROP each (pg_partman's retention did it
  // already); rows of the default partition past it (there should be none) one by one.
  std::vector<Partition> existing;
  co_await step(database, [&](db::Session& s) -> asio::awaitable<void> { existing = co_await partitions(s); });
  for (const Partition& partition : existing) {
    if (partman) break;
    if (partition.period.to > cutoff) continue;
    co_await step(database, [&](db::Session& s) -> asio::awaitable<void> {
      std::string drop = fmt::format("DROP TABLE IF EXISTS {}", common::checked_identifier(partition.name));
      co_await s.query(drop);
    });
    report.dropped.push_back(partition.name);
  }
  // The rollups of what is gone go too: below the oldest hour any row may still be in.
  sys_seconds kept_from = floor<std::chrono::hours>(cutoff);
  for (const Partition& partition : existing)
    if (partition.period.to > cutoff) kept_from = std::min(kept_from, partition.period.from);
  co_await step(database, [&](db::Session& s) -> asio::awaitable<void> { co_await forget_rollups_before(s, kept_from); });
  co_await step(database, [&](db::Session& s) -> asio::awaitable<void> {
    db::Params before{iso(cutoff)};
    report.deleted = (co_await s.query(query("delete_default_before.postgres"), std::move(before))).affected_rows;
    db::Params span{std::string(unit)};
    auto rows = co_await s.query(query("default_periods.postgres"), std::move(span));
    for (std::size_t i = 0; i < rows.size(); ++i) report.stranded += rows[i].integer("n");
  });

  if (report.moved > 0 || report.deleted > 0)
    log::warn("audit rows had reached the default partition; they are in partitions of their own now",
              {{"moved", report.moved}, {"deletedPastRetention", report.deleted}});
  if (report.stranded > 0)
    log::error("audit rows dated more than a year ahead stay in the default partition (a clock gone wrong?)",
               {{"rows", report.stranded}});
}

asio::awaitable<void> delete_past_retention(db::Database& database, const AuditRetentionPolicy& policy, sys_seconds now,
                                            AuditMaintenanceReport& report) {
  // Whole hours, so that an hour's rollup never counts rows half of which are gone.
  const sys_seconds cutoff = floor<std::chrono::hours>(now - policy.retention);
  const std::string before = iso(cutoff);
  co_await database.transaction([&](db::Session& s) -> asio::awaitable<void> { co_await forget_rollups_before(s, cutoff); });
  for (;;) {
    std::int64_t gone = 0;
    co_await database.transaction([&](db::Session& s) -> asio::awaitable<void> {
      db::Params batch{before, kDeleteBatch};
      gone = (co_await s.query(query("delete_before.sqlite"), std::move(batch))).affected_rows;
    });
    report.deleted += gone;
    if (gone < kDeleteBatch) break;
  }
}

}  // namespace

json::object AuditMaintenanceReport::to_json() const {
  json::array made(created.begin(), created.end());
  json::array gone(dropped.begin(), dropped.end());
  json::object removed{{"partitions", static_cast<std::int64_t>(dropped.size())}, {"rows", deleted}};
  return {{"removed", std::move(removed)}, {"partitionsCreated", std::move(made)}, {"partitionsDropped", std::move(gone)},
          {"rowsMoved", moved}, {"rowsStranded", stranded}, {"byPartman", partman}, {"skipped", skipped}};
}

asio::awaitable<AuditMaintenanceReport> maintain_audit_log(db::Database& database, const AuditRetentionPolicy& policy,
                                                           sys_seconds now) {
  AuditMaintenanceReport report;
  if (database.engine() != db::Engine::Postgres) {
    co_await delete_past_retention(database, policy, now, report);
    co_return report;
  }
  try {
    co_await maintain_partitions(database, policy, now, report);
  } catch (const AnotherMaintainer&) {
    report.skipped = true;  // (what this run did so far stands: each step is whole)
  }
  co_return report;
}

}  // namespace crest::modules::audit
