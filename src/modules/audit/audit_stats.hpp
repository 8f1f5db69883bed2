#pragma once
// The audit log as a chart (GET /audit-logs/stats): buckets of an hour, a day or an ISO week
// (Monday, UTC), every one present, zeros included, with its label computed here; one series per
// group (action, subject, status or actor) as an array of counts a chart library draws as is; the
// total against the period of the same length just before.
//
// Pure arithmetic and shaping; the service (audit_module.cpp) reads the counts.
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crest::modules::audit {

enum class StatsBucket { Hour, Day, Week };
std::optional<StatsBucket> parse_stats_bucket(std::string_view text);

using Instant = std::chrono::sys_seconds;

// [from, to) widened to whole buckets: `from` down to its bucket's start, `to` up to the next start.
struct BucketRange {
  StatsBucket bucket;
  Instant from;
  Instant to;
  std::size_t size() const;               // how many buckets
  Instant start(std::size_t index) const;  // where bucket `index` starts
  // The bucket holding `at`; nullopt outside the range.
  std::optional<std::size_t> index_of(Instant at) const;
};
BucketRange bucket_range(StatsBucket bucket, Instant from, Instant to);

// "Mon 3 Nov 14:00" (hour), "Mon 3 Nov" (day), "Week of 3 Nov" (week).
std::string bucket_label(StatsBucket bucket, Instant start);
// "+12% vs previous period", "-3% vs previous period", "No change vs previous period", and
// "New this period" when the previous period had nothing.
std::string change_label(std::int64_t total, std::int64_t previous);

// Counts as read: a group's key (null: no actor) at a time within one bucket.
struct StatsCount {
  Instant at;
  std::optional<std::string> key;
  std::int64_t count = 0;
};

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

constexpr std::size_t kMaxSeries = 12;  // the largest groups; the rest are summed into "Other"

// The response's data: {from, to, bucket, groupBy, buckets: [{start, label}], series: [{key, label,
// total, values}], total, previousTotal, change: {ratio, label}}. labels names the keys (actor
// names); a key without one is shown as itself, a null key as null_label.
boost::json::object stats_view(const BucketRange& range, std::string_view group_by, const std::vector<StatsCount>& counts,
                               std::int64_t previous_total, const std::map<std::string, std::string>& labels,
                               std::string_view null_label);

}  // namespace crest::modules::audit
