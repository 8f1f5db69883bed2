#pragma once
// The latest finished run of a cron, from the jobs table (whichever worker ran it): what
// `crest maintenance status` prints. A cron's job keeps its result there, so a retention cron
// that returns {"removed": {...}} says what it removed.
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/db/database.hpp"

namespace crest::cron {

struct CronRun {
  std::string state;        // Completed | Failed | Cancelled
  std::string finished_at;  // ISO 8601, UTC
  boost::json::value result;  // null when it failed
  std::optional<std::string> error;
};

// nullopt: no finished run is kept (never ran, or its runs are past the queue's retention).
boost::asio::awaitable<std::optional<CronRun>> latest_run(db::Database& database, std::string_view queue,
                                                          std::string_view name);

}  // namespace crest::cron
