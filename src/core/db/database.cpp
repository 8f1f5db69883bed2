#include "core/db/database.hpp"

#include <stdexcept>

#include "core/db/errors.hpp"
#include "core/db/postgres_database.hpp"
#include "core/db/sql_files.hpp"
#include "core/db/sqlite_database.hpp"

namespace crest::db {

boost::asio::awaitable<void> Database::transaction(std::function<boost::asio::awaitable<void>(Session&)> body) {
  for (int attempt = 1;; ++attempt) {
    try {
      co_await transaction_once(body);
      co_return;
    } catch (const TransactionConflict&) {
      // A serialization failure or deadlock: the whole body runs again.
      if (attempt >= transaction_attempts_) throw;
    }
  }
}

boost::asio::awaitable<HealthCheckResult> Database::ping() {
  try {
    Params none;
    co_await query(sql_file("src/core/db/queries/ping.sql"), none);
    co_return HealthCheckResult{true, {}};
  } catch (const std::exception& e) {
    co_return HealthCheckResult{false, e.what()};
  }
}

std::unique_ptr<Database> open_database(const std::string& url, const PoolOptions& options) {
  if (url.starts_with("sqlite:")) return open_sqlite(url.substr(7), options);
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) return open_postgres(url, options);
  throw std::invalid_argument("DATABASE_URL must start with sqlite:, postgres:// or postgresql://");
}

}  // namespace crest::db
