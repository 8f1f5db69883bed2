#pragma once
// Where a chart reads its counts (GET /audit-logs/stats, GET /activities/timeline): the rollups
// (common/rollup_refresh.hpp) below their watermark, the raw rows past it and for every stale bucket.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/time_series.hpp"
#include "core/db/database.hpp"

namespace crest::common {

// Where the counts of a range are read: whole days from the daily rollup, hours after them from
// the hourly one (both below the rollups' watermark), the rest from the raw rows, and every
// stale hour (or, for a daily chart, its day) from the raw rows too. Without a watermark (a
// reader the rollups cannot serve) everything is raw. A rollup kept by day alone (activities)
// has a watermark on a whole day and stale days: it never plans an hourly read.
struct ReadSegment {
  enum class Source { Daily, Hourly, Raw } source;
  Instant from, to;
  std::vector<Instant> excluded;  // rollup buckets left to raw segments
  bool operator==(const ReadSegment&) const = default;
};
constexpr std::size_t kMostStaleReads = 24;  // past it the rollups' part is read raw as a whole
std::vector<ReadSegment> plan_reads(const BucketRange& range, std::optional<Instant> aggregated_before,
                                    std::vector<Instant> stale_hours);

// A rollup segment's counts: the rows of `table` (aliased r) of the workspace in the segment by
// bucket (at_s) and group (g: an expression over r, never from input), without its excluded buckets.
std::pair<std::string, db::Params> rollup_counts_query(db::Engine engine, std::string_view table, std::string_view group,
                                                       const std::string& workspace, const ReadSegment& segment);

}  // namespace crest::common
