#include "modules/audit/audit_rollups.hpp"

#include "core/db/sql_files.hpp"
#include "core/util/time.hpp"

namespace crest::modules::audit {
namespace asio = boost::asio;
using namespace std::chrono;

namespace {

std::string_view query(std::string_view name, db::Engine engine) {
  std::string path = "src/modules/audit/queries/" + std::string(name);
  return db::sql_file(path + (engine == db::Engine::Postgres ? ".postgres.sql" : ".sqlite.sql"));
}
std::string_view generic(std::string_view name) {
  return db::sql_file("src/modules/audit/queries/" + std::string(name) + ".sql");
}
std::string iso(sys_seconds at) { return iso8601(system_clock::time_point(at)); }

// The hours in [from, until) from the raw rows, then their days summed from the hours.
asio::awaitable<std::int64_t> count_new(db::Session& s, sys_seconds from, sys_seconds until) {
  db::Params hours_range{iso(from), iso(until)};
  auto written = (co_await s.query(query("rollup_hours", s.engine()), std::move(hours_range))).affected_rows;
  db::Params days_clear{iso(floor<days>(from)), iso(until)};
  co_await s.query(generic("rollup_days_clear"), std::move(days_clear));
  db::Params days_range{iso(floor<days>(from)), iso(until)};
  co_await s.query(query("rollup_days", s.engine()), std::move(days_range));
  co_return written;
}

// The taken hours from the raw rows, then their days from the hours.
asio::awaitable<void> recount_taken(db::Session& s) {
  co_await s.query(generic("rollup_stale_hours_clear"));
  co_await s.query(query("rollup_stale_hours", s.engine()));
  co_await s.query(query("rollup_stale_days_clear", s.engine()));
  co_await s.query(query("rollup_stale_days", s.engine()));
}

}  // namespace

const common::RollupDefinition& audit_rollup() {
  static const common::RollupDefinition rollup{
      .name = "audit",
      .grain = hours(1),
      // Rows of the last minute are read raw: a whole hour enters the rollups once it is a minute old.
      .lag = minutes(1),
      // A refresh catching up (after an outage, or on a log that predates the rollups) takes a month at a time.
      .most_per_run = days(31),
      .lock_key = 0x6372657374726f6c,  // "crestrol"
      .maintainer = {{"crest.audit_maintenance", "on"}},
      .count_new = count_new,
      .recount_taken = recount_taken,
  };
  return rollup;
}

asio::awaitable<common::RollupRefreshReport> refresh_audit_rollups(db::Database& database, sys_seconds now,
                                                                   milliseconds wait_limit) {
  co_return co_await common::refresh_rollup(database, audit_rollup(), now, wait_limit);
}

}  // namespace crest::modules::audit
