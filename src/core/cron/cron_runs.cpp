#include "core/cron/cron_runs.hpp"

#include <boost/json.hpp>

#include "core/db/sql_files.hpp"

namespace crest::cron {

boost::asio::awaitable<std::optional<CronRun>> latest_run(db::Database& database, std::string_view queue,
                                                          std::string_view name) {
  std::optional<CronRun> out;
  co_await database.snapshot([&](db::Session& s) -> boost::asio::awaitable<void> {
    // Cron jobs belong to no workspace: only the worker's setting opens them (migration 0008).
    if (s.engine() == db::Engine::Postgres) s.defer("SELECT set_config('crest.queue_worker', 'on', true)", db::Params{});
    db::Params params{std::string(queue), std::string(name)};
    auto rows = co_await s.query(db::sql_file("src/core/cron/queries/latest_run.sql"), std::move(params));
    if (rows.empty()) co_return;
    CronRun run;
    run.state = rows[0].text("state");
    run.finished_at = rows[0].time("finished_at");
    if (auto result = rows[0].optional_text("result")) {
      boost::system::error_code ec;
      run.result = boost::json::parse(*result, ec);
    }
    run.error = rows[0].optional_text("error");
    out = std::move(run);
  });
  co_return out;
}

}  // namespace crest::cron
