#pragma once
// Numbered SQL migrations, one folder per dialect (migrations/sqlite, migrations/postgres), each
// applied in its own transaction and recorded with a SHA-256 checksum. A migration changed after
// it was applied is refused; concurrent migrators are serialised (an advisory lock on PostgreSQL,
// the write lock on SQLite).
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/db/database.hpp"

namespace crest::db {

struct Migration {
  int version = 0;
  std::string name;  // "0001_workspaces"
  std::string sql;
  std::string checksum;  // hex SHA-256 of sql
};

struct MigrationState {
  Migration migration;
  std::optional<std::string> applied_at;  // ISO 8601 when applied
};

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The product's migrations for an engine, from the files embedded at build time.
std::vector<Migration> product_migrations(Engine engine);
// Builds a migration from a file name ("0003_add_index.sql") and its SQL.
Migration make_migration(const std::string& file_name, std::string sql);

// Applies every pending migration; returns how many were applied.
boost::asio::awaitable<int> migrate_up(Database& db, const std::vector<Migration>& migrations);
// Each migration with when it was applied; throws MigrationError if an applied one has changed.
boost::asio::awaitable<std::vector<MigrationState>> migration_status(
    Database& db, const std::vector<Migration>& migrations);

}  // namespace crest::db
