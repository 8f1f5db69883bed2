#pragma once
// Hears every commit to a SQLite database in WAL mode, by any process (core/db/sqlite_database
// only; Asio stays out of module headers).
#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <string>

#include "core/db/database.hpp"

namespace crest::db::detail {

// Null when the database is not in WAL mode (or its VFS has no shared memory): then only
// polling can tell.
std::unique_ptr<ChangeListener> open_wal_listener(const boost::asio::any_io_executor& executor,
                                                  const std::string& path);

}  // namespace crest::db::detail
