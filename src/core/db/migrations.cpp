#include "core/db/migrations.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/util/embedded.hpp"
#include "core/util/hash.hpp"

namespace crest::db {

namespace {

constexpr std::int64_t kAdvisoryLockKey = 0x637265737401;  // "crest" + 1
// (Statements and parameters are named variables: g++ 12 miscompiles some temporaries inside
// co_await expressions.)
constexpr std::string_view kLockSql = "SELECT pg_advisory_lock($1)";
constexpr std::string_view kUnlockSql = "SELECT pg_advisory_unlock($1)";
constexpr std::string_view kSelectAllSql = "SELECT version, checksum, applied_at FROM crest_migrations";
constexpr std::string_view kSelectOneSql = "SELECT checksum FROM crest_migrations WHERE version = $1";
constexpr std::string_view kRecordSql =
    "INSERT INTO crest_migrations (version, name, checksum) VALUES ($1, $2, $3)";

std::string table_sql(Engine engine) {
  return engine == Engine::Postgres
             ? "CREATE TABLE IF NOT EXISTS crest_migrations (version integer PRIMARY KEY, "
               "name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
             : "CREATE TABLE IF NOT EXISTS crest_migrations (version INTEGER PRIMARY KEY, "
               "name TEXT NOT NULL, checksum TEXT NOT NULL, "
               "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))";
}

struct Applied {
  std::string checksum;
  std::string applied_at;
};

boost::asio::awaitable<std::map<int, Applied>> read_applied(Session& session) {
  Params none;
  auto rows = co_await session.query(kSelectAllSql, none);
  std::map<int, Applied> out;
  for (std::size_t i = 0; i < rows.size(); ++i)
    out[static_cast<int>(rows[i].integer("version"))] = {rows[i].text("checksum"), rows[i].time("applied_at")};
  co_return out;
}

void verify_unchanged(const std::vector<Migration>& migrations, const std::map<int, Applied>& applied) {
  for (const auto& m : migrations) {
    auto it = applied.find(m.version);
    if (it != applied.end() && it->second.checksum != m.checksum)
      throw MigrationError(fmt::format(
          "migration {} was changed after it was applied (checksum {} in the database, {} in the "
          "file): add a new migration instead of editing an applied one",
          m.name, it->second.checksum.substr(0, 12), m.checksum.substr(0, 12)));
  }
}

// Holds the cross-process migration lock for the body's duration.
// The bookkeeping table is created under the lock too: concurrent CREATE TABLE IF NOT EXISTS
// races on PostgreSQL.
boost::asio::awaitable<void> with_migration_lock(Session& session,
                                                 std::function<boost::asio::awaitable<void>()> body) {
  if (session.engine() != Engine::Postgres) {
    co_await session.execute_script(table_sql(session.engine()));
    co_await body();  // SQLite: each migration's BEGIN IMMEDIATE takes the database write lock
    co_return;
  }
  Params key{kAdvisoryLockKey};
  co_await session.query(kLockSql, key);
  std::exception_ptr failure;
  try {
    co_await session.execute_script(table_sql(session.engine()));
    co_await body();
  } catch (...) {
    failure = std::current_exception();
  }
  co_await session.query(kUnlockSql, key);
  if (failure) std::rethrow_exception(failure);
}

// False when another migrator applied it first.
boost::asio::awaitable<bool> apply_one(Session& session, const Migration& m) {
  co_await session.execute_script(session.engine() == Engine::Sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  std::exception_ptr failure;
  bool applied = false;
  try {
    // Another process may have applied it while we waited for the lock.
    Params version{static_cast<std::int64_t>(m.version)};
    auto already = co_await session.query(kSelectOneSql, version);
    if (already.empty()) {
      co_await session.execute_script(m.sql);
      Params record{static_cast<std::int64_t>(m.version), m.name, m.checksum};
      co_await session.query(kRecordSql, record);
      applied = true;
    }
    co_await session.execute_script("COMMIT");
  } catch (...) {
    failure = std::current_exception();
  }
  if (!failure) co_return applied;
  try {
    co_await session.execute_script("ROLLBACK");
  } catch (...) {
  }
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    throw MigrationError(fmt::format("migration {} failed and was rolled back: {}", m.name, e.what()));
  }
}

}  // namespace


Migration make_migration(const std::string& file_name, std::string sql) {
  std::string name = file_name.ends_with(".sql") ? file_name.substr(0, file_name.size() - 4) : file_name;
  auto underscore = name.find('_');
  int version = 0;
  try {
    version = std::stoi(name.substr(0, underscore));
  } catch (const std::exception&) {
    throw MigrationError("migration file names start with a number: " + file_name);
  }
  std::string checksum = sha256_hex(sql);
  return Migration{version, std::move(name), std::move(sql), std::move(checksum)};
}

std::vector<Migration> product_migrations(Engine engine) {
  std::string prefix = engine == Engine::Postgres ? "migrations/postgres/" : "migrations/sqlite/";
  std::vector<Migration> out;
  for (const auto& file : embedded_files()) {
    if (!file.path.starts_with(prefix)) continue;
    out.push_back(make_migration(std::string(file.path.substr(prefix.size())), std::string(file.content)));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].version == out[i - 1].version)
      throw MigrationError("two migrations share version " + std::to_string(out[i].version));
  return out;
}

boost::asio::awaitable<int> migrate_up(Database& db, const std::vector<Migration>& migrations) {
  int applied_count = 0;
  co_await db.with_session([&](Session& session) -> boost::asio::awaitable<void> {
    co_await with_migration_lock(session, [&]() -> boost::asio::awaitable<void> {
      auto applied = co_await read_applied(session);
      verify_unchanged(migrations, applied);
      for (const auto& m : migrations) {
        if (applied.count(m.version)) continue;
        if (co_await apply_one(session, m)) ++applied_count;
      }
    });
  });
  co_return applied_count;
}

boost::asio::awaitable<std::vector<MigrationState>> migration_status(
    Database& db, const std::vector<Migration>& migrations) {
  std::vector<MigrationState> out;
  co_await db.with_session([&](Session& session) -> boost::asio::awaitable<void> {
    co_await with_migration_lock(session, [&]() -> boost::asio::awaitable<void> {
      auto applied = co_await read_applied(session);
      verify_unchanged(migrations, applied);
      for (const auto& m : migrations) {
        auto it = applied.find(m.version);
        out.push_back({m, it == applied.end() ? std::nullopt : std::optional(it->second.applied_at)});
      }
    });
  });
  co_return out;
}

}  // namespace crest::db
