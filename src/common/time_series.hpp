#pragma once
// Counts over time shaped for a chart (GET /audit-logs/stats, GET /activities/timeline): buckets of
// an hour, a day or an ISO week (Monday, UTC), every one present, zeros included, with its label
// computed here; one series per group as an array of counts a chart library draws as is; the
// total against the period of the same length just before (seed 002: view-shaped responses).
//
// Pure arithmetic and shaping; the services read the counts.
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crest::common {

enum class TimeBucket { Hour, Day, Week };
std::optional<TimeBucket> parse_time_bucket(std::string_view text);

using Instant = std::chrono::sys_seconds;

// [from, to) widened to whole buckets: `from` down to its bucket's start, `to` up to the next start.
struct BucketRange {
  TimeBucket bucket;
  Instant from;
  Instant to;
  std::size_t size() const;               // how many buckets
  Instant start(std::size_t index) const;  // where bucket `index` starts
  // The bucket holding `at`; nullopt outside the range.
  std::optional<std::size_t> index_of(Instant at) const;
};
BucketRange bucket_range(TimeBucket bucket, Instant from, Instant to);

// "Mon 3 Nov 14:00" (hour), "Mon 3 Nov" (day), "Week of 3 Nov" (week).
std::string bucket_label(TimeBucket bucket, Instant start);
// "+12% vs previous period", "-3% vs previous period", "No change vs previous period", and
// "New this period" when the previous period had nothing.
std::string change_label(std::int64_t total, std::int64_t previous);

// Counts as read: a group's key (null: no actor) at a time within one bucket.
struct SeriesCount {
  Instant at;
  std::optional<std::string> key;
  std::int64_t count = 0;
};

constexpr std::size_t kMaxSeries = 12;  // the largest groups; the rest are summed into "Other"
// The summed series' key: parenthesized, so that no group's own value (an identifier, an
// enumeration's value such as the industry "Other", a user's id) can be taken for it.
constexpr std::string_view kOtherKey = "(other)";

// The response's data: {from, to, bucket, groupBy, buckets: [{start, label}], series: [{key, label,
// total, values}], total, previousTotal, change: {ratio, label}}. labels names the keys (actor
// names); a key without one is shown as itself, a null key as null_label.
boost::json::object chart_view(const BucketRange& range, std::string_view group_by, const std::vector<SeriesCount>& counts,
                               std::int64_t previous_total, const std::map<std::string, std::string>& labels,
                               std::string_view null_label);

}  // namespace crest::common
