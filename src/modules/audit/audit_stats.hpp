#pragma once
// Where GET /audit-logs/stats reads its counts: the rollups (audit_rollups.hpp) below their
// watermark, the raw rows past it and for every stale hour.
#include <optional>
#include <vector>

#include "common/time_series.hpp"

namespace crest::modules::audit {

using common::bucket_range;
using common::BucketRange;
using common::Instant;
using common::TimeBucket;

// Where the counts of a range are read: whole days from the daily rollup, hours after them from
// the hourly one (both below the rollups' watermark), the rest from the raw rows, and every
// stale hour (or, for a daily chart, its day) from the raw rows too. Without a watermark (a
// reader the rollups cannot serve) everything is raw.
struct ReadSegment {
  enum class Source { Daily, Hourly, Raw } source;
  Instant from, to;
  std::vector<Instant> excluded;  // rollup buckets left to raw segments
  bool operator==(const ReadSegment&) const = default;
};
constexpr std::size_t kMostStaleReads = 24;  // past it the rollups' part is read raw as a whole
std::vector<ReadSegment> plan_reads(const BucketRange& range, std::optional<Instant> aggregated_before,
                                    std::vector<Instant> stale_hours);

}  // namespace crest::modules::audit
