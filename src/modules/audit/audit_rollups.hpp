#pragma once
// Hourly and daily rollups of the audit log (the continuous-aggregate equivalent), refreshed by
// the audit.rollup cron from a watermark:
//
//   1. invalidate_before moves to the last whole hour (at most 31 days a run): from then on a
//      row committed below it marks its hour stale (the trigger of migration 0016).
//   2. PostgreSQL: wait until every transaction older than that move has ended. A row one of them
//      commits below the watermark could not have seen the move, so it is counted now or never.
//      SQLite needs no wait: the refresh holds the single writer.
//   3. The hours from aggregated_before to the new watermark are counted from the raw rows, their
//      days summed from the hours, the stale hours (and their days) counted again, and
//      aggregated_before moves up.
//
// Reads (audit_stats_service.cpp) take whole days below aggregated_before from the daily rollup,
// the hours after them from the hourly one, and the rest, and every stale hour or day, from the
// raw rows: exact at any moment, the rollups only making it fast.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>

#include "core/db/database.hpp"

namespace crest::modules::audit {

struct RollupRefreshReport {
  std::string aggregated_before;  // ISO 8601
  std::int64_t hourly_rows = 0;   // rollup rows written for the new hours
  std::int64_t stale_hours = 0;   // stale hours counted again
  bool waited_out = false;        // an old transaction still ran: the new hours wait for the next run
  bool skipped = false;           // another refresher was at work
  boost::json::object to_json() const;
};

boost::asio::awaitable<RollupRefreshReport> refresh_audit_rollups(db::Database& database, std::chrono::sys_seconds now,
                                                                  std::chrono::milliseconds wait_limit = std::chrono::seconds(30));

// The rollups' watermark: every hour below it is in the rollups (stale hours aside).
boost::asio::awaitable<std::string> audit_rollups_aggregated_before(db::Session& session);

}  // namespace crest::modules::audit
