#pragma once
// Rollups kept from a watermark, the continuous-aggregate equivalent: counts per bucket (an hour or
// a day) of a table that only the refresh writes, and that charts read below the watermark
// (common/rollup_reads.hpp). One rollup is one row of rollup_state (migration 0016):
//
//   1. invalidate_before moves to the last whole bucket (at most most_per_run a run): from then on
//      a row written below it marks its bucket stale in rollup_stale (the table's trigger).
//   2. PostgreSQL: wait until every transaction older than that move has ended. A row one of them
//      commits below the watermark could not have seen the move, so it is counted now or never.
//      SQLite needs no wait: the refresh holds the single writer.
//   3. The buckets from aggregated_before to the new watermark are counted from the raw rows, the
//      stale ones are taken (into the temporary table rollup_taken) and counted again, and
//      aggregated_before moves up.
//
// A rollup brings its own counting statements (count_new, recount_taken); the watermarks, the
// stale marks, the lock and the wait are the same for every rollup.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/tenant_db.hpp"
#include "core/db/database.hpp"

namespace crest::common {

struct RollupDefinition {
  std::string name;               // its row in rollup_state, its marks in rollup_stale
  std::chrono::seconds grain;     // one bucket: an hour or a day
  std::chrono::seconds lag;       // a bucket is counted once it ended this long ago
  std::chrono::seconds most_per_run;
  std::int64_t lock_key;          // PostgreSQL advisory lock: one refresher of this rollup at a time
  RlsSettings maintainer;         // what opens every workspace's rows, rollups and marks
  // Counts the buckets in [from, until) of every workspace from the raw rows (the rollups hold
  // nothing there yet); the rollup rows written.
  std::function<boost::asio::awaitable<std::int64_t>(db::Session&, std::chrono::sys_seconds from,
                                                     std::chrono::sys_seconds until)>
      count_new;
  // Counts again the buckets of rollup_taken (workspace_id, bucket): clears and rewrites them.
  std::function<boost::asio::awaitable<void>(db::Session&)> recount_taken;
};

struct RollupRefreshReport {
  std::string aggregated_before;    // ISO 8601
  std::int64_t rows = 0;            // rollup rows written for the new buckets
  std::int64_t stale_buckets = 0;   // stale buckets counted again
  bool waited_out = false;          // an old transaction still ran: the new buckets wait for the next run
  bool skipped = false;             // another refresher was at work
  boost::json::object to_json() const;
};

boost::asio::awaitable<RollupRefreshReport> refresh_rollup(db::Database& database, const RollupDefinition& rollup,
                                                           std::chrono::sys_seconds now,
                                                           std::chrono::milliseconds wait_limit);

// What a reader of `name` needs, on its snapshot: every bucket below the watermark is in the
// rollups, but for the workspace's stale ones in [from, to).
struct RollupCoverage {
  std::chrono::sys_seconds aggregated_before;
  std::vector<std::chrono::sys_seconds> stale;
};
boost::asio::awaitable<RollupCoverage> rollup_coverage(db::Session& session, std::string_view name,
                                                       const std::string& workspace, std::chrono::sys_seconds from,
                                                       std::chrono::sys_seconds to);

}  // namespace crest::common
