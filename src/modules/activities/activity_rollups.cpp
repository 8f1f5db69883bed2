#include "modules/activities/activity_rollups.hpp"

#include "core/db/sql_files.hpp"
#include "core/util/time.hpp"

namespace crest::modules::activities {
namespace asio = boost::asio;
using namespace std::chrono;

namespace {

std::string_view query(std::string_view name, db::Engine engine) {
  std::string path = "src/modules/activities/queries/" + std::string(name);
  return db::sql_file(path + (engine == db::Engine::Postgres ? ".postgres.sql" : ".sqlite.sql"));
}
std::string iso(sys_seconds at) { return iso8601(system_clock::time_point(at)); }

asio::awaitable<std::int64_t> count_new(db::Session& s, sys_seconds from, sys_seconds until) {
  db::Params clear{iso(from), iso(until)};
  co_await s.query(db::sql_file("src/modules/activities/queries/rollup_days_clear.sql"), std::move(clear));
  db::Params range{iso(from), iso(until)};
  co_return (co_await s.query(query("rollup_days", s.engine()), std::move(range))).affected_rows;
}

asio::awaitable<void> recount_taken(db::Session& s) {
  co_await s.query(db::sql_file("src/modules/activities/queries/rollup_stale_days_clear.sql"));
  co_await s.query(query("rollup_stale_days", s.engine()));
}

}  // namespace

const common::RollupDefinition& activity_rollup() {
  static const common::RollupDefinition rollup{
      .name = "activities",
      .grain = days(1),
      // A day enters the rollup once it has been over for a minute; until then it is read raw.
      .lag = minutes(1),
      // Activities can be dated decades back: a catch-up takes a year at a time.
      .most_per_run = days(366),
      .lock_key = 0x6372657374616374,  // "crestact"
      .maintainer = {{"crest.activity_rollup", "on"}},
      .count_new = count_new,
      .recount_taken = recount_taken,
  };
  return rollup;
}

asio::awaitable<common::RollupRefreshReport> refresh_activity_rollups(db::Database& database, sys_seconds now,
                                                                      milliseconds wait_limit) {
  co_return co_await common::refresh_rollup(database, activity_rollup(), now, wait_limit);
}

}  // namespace crest::modules::activities
