#include "common/rollup_refresh.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/db/sql_files.hpp"
#include "core/log/log.hpp"
#include "core/util/sleep.hpp"
#include "core/util/time.hpp"

namespace crest::common {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono;

namespace {

std::string_view query(std::string_view name, db::Engine engine) {
  std::string path = "src/common/queries/" + std::string(name);
  return db::sql_file(path + (engine == db::Engine::Postgres ? ".postgres.sql" : ".sqlite.sql"));
}
std::string_view generic(std::string_view name) { return db::sql_file("src/common/queries/" + std::string(name) + ".sql"); }

std::string iso(sys_seconds at) { return iso8601(system_clock::time_point(at)); }
sys_seconds instant(const std::string& text) {
  auto at = parse_iso8601(text);
  if (!at) throw std::runtime_error("rollup_state holds no instant: " + text);
  return floor<seconds>(*at);
}
sys_seconds floor_to(sys_seconds at, seconds grain) {
  auto since = at.time_since_epoch();
  return sys_seconds(since - ((since % grain) + grain) % grain);
}

struct State {
  sys_seconds invalidate_before, aggregated_before;
};

asio::awaitable<State> read_state(db::Session& s, const std::string& name) {
  db::Params params{name};
  auto rows = co_await s.query(query("rollup_state", s.engine()), std::move(params));
  if (rows.empty()) throw std::runtime_error("rollup_state has no row for the rollup " + name);
  co_return State{instant(rows[0].time("invalidate_before")), instant(rows[0].time("aggregated_before"))};
}

// Another refresher holds the lock: this run leaves the work to it.
struct AnotherRefresher {};

// A transaction as the rollup's maintainer, one refresher at a time (a second one gives up at
// once: AnotherRefresher).
asio::awaitable<void> as_refresher(db::Database& database, const RollupDefinition& rollup,
                                   std::function<asio::awaitable<void>(db::Session&)> body) {
  bool locked = true;
  co_await with_rls(database, rollup.maintainer, true, [&](db::Session& s) -> asio::awaitable<void> {
    if (s.engine() == db::Engine::Postgres) {
      co_await s.query("SET LOCAL lock_timeout = '5s'");
      db::Params key{rollup.lock_key};
      auto got = co_await s.query("SELECT pg_try_advisory_xact_lock($1) AS got", std::move(key));
      locked = got[0].integer("got") == 1;
    }
    if (locked) co_await body(s);
  });
  if (!locked) throw AnotherRefresher{};
}

// Waits until every PostgreSQL transaction that began before now has ended; false past `limit`.
asio::awaitable<bool> older_transactions_ended(db::Database& database, milliseconds limit) {
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

asio::awaitable<void> refresh(db::Database& database, const RollupDefinition& rollup, sys_seconds now,
                              milliseconds wait_limit, RollupRefreshReport& report) {
  const bool postgres = database.engine() == db::Engine::Postgres;
  const sys_seconds whole = floor_to(now - rollup.lag, rollup.grain);

  // 1. The new watermark, marking from now on.
  sys_seconds target{};
  co_await as_refresher(database, rollup, [&](db::Session& s) -> asio::awaitable<void> {
    State state = co_await read_state(s, rollup.name);
    target = std::min(whole, state.aggregated_before + rollup.most_per_run);
    target = std::max({target, state.invalidate_before, state.aggregated_before});
    if (target > state.invalidate_before) {
      db::Params params{rollup.name, iso(target)};
      co_await s.query(generic("rollup_set_invalidate"), std::move(params));
    }
  });
  // 2. Every transaction that could still commit an unmarked row below it has ended.
  bool counted = true;
  if (postgres) counted = co_await older_transactions_ended(database, wait_limit);
  report.waited_out = !counted;
  if (!counted)
    log::warn("rollups: a transaction older than the watermark still runs; the new buckets wait", {{"rollup", rollup.name}});

  // 3. Count the new buckets, then the stale ones, and move the watermark.
  co_await as_refresher(database, rollup, [&](db::Session& s) -> asio::awaitable<void> {
    State state = co_await read_state(s, rollup.name);
    sys_seconds until = counted ? std::min(target, state.invalidate_before) : state.aggregated_before;
    until = std::max(until, state.aggregated_before);
    if (until > state.aggregated_before) report.rows = co_await rollup.count_new(s, state.aggregated_before, until);
    co_await s.query(query("rollup_taken_table", s.engine()));
    if (!postgres) co_await s.query(query("rollup_taken_empty", s.engine()));
    db::Params below{rollup.name, iso(until)};
    report.stale_buckets = (co_await s.query(query("rollup_take_stale", s.engine()), std::move(below))).affected_rows;
    if (!postgres) {
      db::Params forget{rollup.name, iso(until)};
      co_await s.query(query("rollup_forget_stale", s.engine()), std::move(forget));
    }
    if (report.stale_buckets > 0) {
      // Its size, for the plans of the recounts (a temporary table has no statistics).
      if (postgres) co_await s.query("ANALYZE rollup_taken");
      co_await rollup.recount_taken(s);
    }
    db::Params moved{rollup.name, iso(until)};
    co_await s.query(generic("rollup_set_aggregated"), std::move(moved));
    report.aggregated_before = iso(until);
  });
}

}  // namespace

json::object RollupRefreshReport::to_json() const {
  return {{"aggregatedBefore", aggregated_before}, {"rows", rows}, {"staleBuckets", stale_buckets},
          {"waitedOut", waited_out}, {"skipped", skipped}};
}

asio::awaitable<RollupRefreshReport> refresh_rollup(db::Database& database, const RollupDefinition& rollup,
                                                    sys_seconds now, milliseconds wait_limit) {
  RollupRefreshReport report;
  try {
    co_await refresh(database, rollup, now, wait_limit, report);
  } catch (const AnotherRefresher&) {
    report.skipped = true;  // (a step that ran stands: each is whole, and the next run goes on from it)
  }
  co_return report;
}

asio::awaitable<RollupCoverage> rollup_coverage(db::Session& session, std::string_view name, const std::string& workspace,
                                                sys_seconds from, sys_seconds to) {
  RollupCoverage coverage;
  db::Params which{std::string(name)};
  auto rows = co_await session.query(generic("rollup_watermark"), std::move(which));
  if (rows.empty()) throw std::runtime_error("rollup_state has no row for the rollup " + std::string(name));
  coverage.aggregated_before = instant(rows[0].time("aggregated_before"));
  db::Params window{std::string(name), workspace, iso(from), iso(std::min(to, coverage.aggregated_before))};
  auto marks = co_await session.query(generic("rollup_stale_in"), std::move(window));
  for (std::size_t i = 0; i < marks.size(); ++i) coverage.stale.push_back(instant(marks[i].time("bucket")));
  co_return coverage;
}

}  // namespace crest::common
