#pragma once
// Opening the configured database and bringing its schema up to date before serving.
#include <memory>

#include "core/config/config.hpp"
#include "core/db/database.hpp"

namespace crest::app {

db::PoolOptions pool_options(const Config& config);
std::unique_ptr<db::Database> open_configured_database(const Config& config);

enum class MigratePolicy { IfEmbedded, Always };

// Applies pending migrations on the embedded SQLite default (or always, for `serve --migrate`);
// on PostgreSQL with pending migrations and no --migrate it refuses. Returns 0 or an exit code,
// having logged why.
int prepare_schema(const Config& config, MigratePolicy policy);

// `crest migrate up|status`; returns the exit code.
int migrate_command(const Config& config, const std::string& action);

}  // namespace crest::app
