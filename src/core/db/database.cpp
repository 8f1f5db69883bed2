#include "core/db/database.hpp"

#include <stdexcept>

#include "core/db/postgres_database.hpp"
#include "core/db/sqlite_database.hpp"

namespace crest::db {

std::unique_ptr<Database> open_database(const std::string& url, const PoolOptions& options) {
  if (url.starts_with("sqlite:")) return open_sqlite(url.substr(7), options);
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) return open_postgres(url, options);
  throw std::invalid_argument("DATABASE_URL must start with sqlite:, postgres:// or postgresql://");
}

}  // namespace crest::db
