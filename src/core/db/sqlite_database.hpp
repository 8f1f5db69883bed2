#pragma once
#include <memory>
#include <string>

#include "core/db/database.hpp"

namespace crest::db {

std::unique_ptr<Database> open_sqlite(const std::string& path, const PoolOptions& options);

}  // namespace crest::db
