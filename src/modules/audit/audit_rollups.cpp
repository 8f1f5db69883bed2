#include "modules/audit/audit_rollups.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/log/log.hpp"
#include "core/util/sleep.hpp"
#include "core/util/time.hpp"

namespace crest::modules::audit {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono;

namespace {

// Rows of the last minute are read raw: a whole hour enters the rollups once it is a minute old.
constexpr minutes kLag{1};
// A refresh catching up (after an outage, or on a log that predates the rollups) takes a month at a time.
constexpr days kMostPerRun{31};
constexpr std::int64_t kRefresherLock = 0x6372657374726f6c;  // "crestrol": one refresher at a time

std::string_view query(std::string_view name, db::Engine engine) {
  std::string path = "src/modules/audit/queries/" + std::string(name);
  return db::sql_file(path + (engine == db::Engine::Postgres ? ".postgres.sql" : ".sqlite.sql"));
}
std::string_view generic(std::string_view name) {
  return db::sql_file("src/modules/audit/queries/" + std::string(name) + ".sql");
}

std::string iso(sys_seconds at) { return iso8601(system_clock::time_point(at)); }
sys_seconds instant(const std::string& text) {
  auto at = parse_iso8601(text);
  if (!at) throw std::runtime_error("rollup_state holds no instant: " + text);
  return floor<seconds>(*at);
}

struct State {
  sys_seconds invalidate_before, aggregated_before;
};

asio::awaitable<State> read_state(db::Session& s) {
  auto rows = co_await s.query(query("rollup_state", s.engine()));
  if (rows.empty()) throw std::runtime_error("rollup_state has no row for the audit log (migration 0016)");
  co_return State{instant(rows[0].time("invalidate_before")), instant(rows[0].time("aggregated_before"))};
}

// Another refresher holds the lock: this run leaves the work to it.
struct AnotherRefresher {};

// A transaction as the maintainer (every workspace's rows), one refresher at a time (a second one
// gives up at once: AnotherRefresher).
asio::awaitable<void> as_refresher(db::Database& database, std::function<asio::awaitable<void>(db::Session&)> body) {
  const common::RlsSettings maintainer{{"crest.audit_maintenance", "on"}};
  bool locked = true;
  co_await common::with_rls(database, maintainer, true, [&](db::Session& s) -> asio::awaitable<void> {
    if (s.engine() == db::Engine::Postgres) {
      co_await s.query("SET LOCAL lock_timeout = '5s'");
      db::Params key{kRefresherLock};
      auto got = co_await s.query("SELECT pg_try_advisory_xact_lock($1) AS got", std::move(key));
      locked = got[0].integer("got") == 1;
    }
    if (locked) co_await body(s);
  });
  if (!locked) throw AnotherRefresher{};
}

// Waits until every PostgreSQL transaction that began before now has ended; false past `limit`.
asio::awaitable<bool> older_transactions_ended(db::Database& database, std::chrono::milliseconds limit) {
  auto started = steady_clock::now();
  auto xid = co_await database.query("SELECT pg_current_xact_id()::text AS x");
  std::string mark = xid[0].text("x");
  for (;;) {
    db::Params params{mark};
    auto done = co_await database.query(query("rollup_wait", db::Engine::Postgres), std::move(params));
    if (done[0].integer("done") == 1) co_return true;
    if (steady_clock::now() - started > limit) co_return false;
    co_await sleep_for(milliseconds(50));
  }
}

}  // namespace

json::object RollupRefreshReport::to_json() const {
  return {{"aggregatedBefore", aggregated_before}, {"hourlyRows", hourly_rows}, {"staleHours", stale_hours},
          {"waitedOut", waited_out}, {"skipped", skipped}};
}

asio::awaitable<std::string> audit_rollups_aggregated_before(db::Session& session) {
  auto rows = co_await session.query(generic("rollup_watermark"));
  if (rows.empty()) throw std::runtime_error("rollup_state has no row for the audit log (migration 0016)");
  co_return iso(instant(rows[0].time("aggregated_before")));
}

namespace {
asio::awaitable<void> refresh(db::Database& database, sys_seconds now, std::chrono::milliseconds wait_limit,
                              RollupRefreshReport& report);
}  // namespace

asio::awaitable<RollupRefreshReport> refresh_audit_rollups(db::Database& database, sys_seconds now,
                                                           std::chrono::milliseconds wait_limit) {
  RollupRefreshReport report;
  try {
    co_await refresh(database, now, wait_limit, report);
  } catch (const AnotherRefresher&) {
    report.skipped = true;  // (a step that ran stands: each is whole, and the next run goes on from it)
  }
  co_return report;
}

namespace {

asio::awaitable<void> refresh(db::Database& database, sys_seconds now, std::chrono::milliseconds wait_limit,
                              RollupRefreshReport& report) {
  const bool postgres = database.engine() == db::Engine::Postgres;
  const sys_seconds whole_hours = floor<hours>(now - kLag);

  // 1. The new watermark, marking from now on.
  sys_seconds target{};
  co_await as_refresher(database, [&](db::Session& s) -> asio::awaitable<void> {
    State state = co_await read_state(s);
    target = std::min(whole_hours, state.aggregated_before + kMostPerRun);
    target = std::max({target, state.invalidate_before, state.aggregated_before});
    if (target > state.invalidate_before) {
      db::Params params{iso(target)};
      co_await s.query(generic("rollup_set_invalidate"), std::move(params));
    }
  });
  // 2. Every transaction that could still commit an unmarked row below it has ended.
  bool counted = true;
  if (postgres) counted = co_await older_transactions_ended(database, wait_limit);
  report.waited_out = !counted;
  if (!counted) log::warn("audit rollups: a transaction older than the watermark still runs; the new hours wait", {});

  // 3. Count the new hours, then the stale ones, and move the watermark.
  co_await as_refresher(database, [&](db::Session& s) -> asio::awaitable<void> {
    State state = co_await read_state(s);
    sys_seconds until = counted ? std::min(target, state.invalidate_before) : state.aggregated_before;
    until = std::max(until, state.aggregated_before);
    if (until > state.aggregated_before) {
      db::Params hours_range{iso(state.aggregated_before), iso(until)};
      report.hourly_rows = (co_await s.query(query("rollup_hours", s.engine()), std::move(hours_range))).affected_rows;
      db::Params days_clear{iso(floor<days>(state.aggregated_before)), iso(until)};
      co_await s.query(generic("rollup_days_clear"), std::move(days_clear));
      db::Params days_range{iso(floor<days>(state.aggregated_before)), iso(until)};
      co_await s.query(query("rollup_days", s.engine()), std::move(days_range));
    }
    co_await s.query(query("rollup_taken_table", s.engine()));
    if (!postgres) co_await s.query(query("rollup_taken_empty", s.engine()));
    db::Params below{iso(until)};
    report.stale_hours = (co_await s.query(query("rollup_take_stale", s.engine()), std::move(below))).affected_rows;
    if (!postgres) {
      db::Params forget{iso(until)};
      co_await s.query(query("rollup_forget_stale", s.engine()), std::move(forget));
    }
    if (report.stale_hours > 0) {
      // Its size, for the plans of the recounts below (a temporary table has no statistics).
      if (postgres) co_await s.query("ANALYZE rollup_taken");
      co_await s.query(generic("rollup_stale_hours_clear"));
      co_await s.query(query("rollup_stale_hours", s.engine()));
      co_await s.query(query("rollup_stale_days_clear", s.engine()));
      co_await s.query(query("rollup_stale_days", s.engine()));
    }
    db::Params moved{iso(until)};
    co_await s.query(generic("rollup_set_aggregated"), std::move(moved));
    report.aggregated_before = iso(until);
  });
}

}  // namespace

}  // namespace crest::modules::audit
