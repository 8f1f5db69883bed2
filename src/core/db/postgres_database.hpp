#pragma once
#include <memory>
#include <string>

#include "core/db/database.hpp"

namespace crest::db {

std::unique_ptr<Database> open_postgres(const std::string& url, const PoolOptions& options);

}  // namespace crest::db
