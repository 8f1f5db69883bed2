#include "app/database_setup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <iostream>

#include "core/db/migrations.hpp"
#include "core/log/log.hpp"
#include "core/util/event_loop.hpp"

namespace crest::app {

namespace {

// Start-up and CLI work runs on a private event loop with a database handle of its own, both
// gone before serving starts (a Database belongs to one event loop).
constexpr std::string_view kRoleBypassesRlsSql =
    "SELECT rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user";

struct SchemaReport {
  bool bypasses_row_security = false;
  std::vector<db::MigrationState> before;
  int applied = 0;
};

// The database is opened and closed inside the loop: its connections must not outlive it.
SchemaReport check_and_maybe_migrate(const Config& config, std::function<bool(db::Engine, long pending)> should_apply) {
  SchemaReport report;
  run_to_completion([&]() -> boost::asio::awaitable<void> {
    auto database = open_configured_database(config);
    auto migrations = db::product_migrations(database->engine());
    report.before = co_await db::migration_status(*database, migrations);
    long pending = std::count_if(report.before.begin(), report.before.end(),
                                 [](const auto& s) { return !s.applied_at; });
    if (pending > 0 && should_apply(database->engine(), pending))
      report.applied = co_await db::migrate_up(*database, migrations);
    if (database->engine() == db::Engine::Postgres) {
      db::Params none;
      auto role = co_await database->query(kRoleBypassesRlsSql, none);
      report.bypasses_row_security = !role.empty() && role.front().boolean("bypass");
    }
  }());
  return report;
}

}  // namespace

db::PoolOptions pool_options(const Config& config) {
  db::PoolOptions options;
  options.min_connections = config.db_pool_min;
  options.max_connections = config.db_pool_max;
  options.acquire_timeout = config.db_acquire_timeout;
  options.statement_timeout = config.db_statement_timeout;
  options.connect_timeout = config.db_connect_timeout;
  return options;
}

std::unique_ptr<db::Database> open_configured_database(const Config& config) {
  return db::open_database(config.database_url, pool_options(config));
}

int prepare_schema(const Config& config, MigratePolicy policy) {
  try {
    long refused = 0;
    auto report = check_and_maybe_migrate(config, [&](db::Engine engine, long pending) {
      if (engine == db::Engine::Sqlite || policy == MigratePolicy::Always) return true;
      refused = pending;
      return false;
    });
    if (refused > 0) {
      log::fatal(fmt::format("{} pending migration(s) on PostgreSQL: run `crest migrate up` or start "
                             "with `crest serve --migrate`", refused));
      return 1;
    }
    if (report.applied > 0) log::info("migrations applied", {{"count", report.applied}});
    if (report.bypasses_row_security) {
      if (config.production() && !config.allow_rls_bypass) {
        log::fatal("refusing to start: the database role is a superuser or has BYPASSRLS, so row-level "
                   "security does not apply to it; connect as an ordinary role, or set "
                   "CREST_ALLOW_RLS_BYPASS=true to start anyway");
        return 1;
      }
      log::warn("the database role is a superuser or has BYPASSRLS: row-level security does not "
                "apply to it; connect as an ordinary role in production");
    }
    return 0;
  } catch (const std::exception& e) {
    log::fatal("database setup failed", {{"err", e.what()}});
    return 1;
  }
}

int migrate_command(const Config& config, const std::string& action) {
  try {
    bool up = action == "up";
    auto report = check_and_maybe_migrate(config, [&](db::Engine, long) { return up; });
    if (up) {
      std::cout << "applied " << report.applied << " migration(s)\n";
      return 0;
    }
    for (const auto& state : report.before)
      std::cout << fmt::format("{:<40} {}\n", state.migration.name,
                               state.applied_at ? "applied " + *state.applied_at : std::string("pending"));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "crest migrate: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace crest::app
