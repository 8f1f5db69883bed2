#include "core/db/database.hpp"

#include <stdexcept>

#include "core/db/detail/one_statement_session.hpp"
#include "core/db/errors.hpp"
#include "core/db/postgres_database.hpp"
#include "core/db/sql_files.hpp"
#include "core/db/sqlite_database.hpp"

namespace crest::db {

namespace {
constexpr std::string_view kSetConfig = "SELECT set_config($1, $2, true)";
}  // namespace

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

boost::asio::awaitable<std::vector<Result>> Session::query_together(std::vector<Statement> statements) {
  std::vector<Result> results;
  for (auto& statement : statements) results.push_back(co_await query(statement.sql, std::move(statement.params)));
  co_return results;
}

boost::asio::awaitable<void> Database::read_once(std::function<boost::asio::awaitable<void>(Session&)> body) {
  co_await snapshot([&](Session& session) -> boost::asio::awaitable<void> {
    detail::OneStatementSession once(session);
    co_await body(once);
  });
}

boost::asio::awaitable<std::vector<Result>> Database::read_together(std::vector<Statement> statements,
                                                                    Settings settings) {
  std::vector<Result> results;
  co_await snapshot([&](Session& session) -> boost::asio::awaitable<void> {
    results.clear();  // (a rerun starts over)
    if (session.engine() == Engine::Postgres)
      for (const auto& [name, value] : settings) session.defer(kSetConfig, Params{name, value});
    for (auto& statement : statements) results.push_back(co_await session.query(statement.sql, statement.params));
  });
  co_return results;
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
