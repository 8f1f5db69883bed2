#include "common/time_series.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/util/time.hpp"

namespace crest::common {
namespace json = boost::json;
using namespace std::chrono;

namespace {

constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

seconds step_of(TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::Hour: return hours(1);
    case TimeBucket::Day: return days(1);
    case TimeBucket::Week: return weeks(1);
  }
  return days(1);
}

Instant floor_to(TimeBucket bucket, Instant at) {
  switch (bucket) {
    case TimeBucket::Hour: return floor<hours>(at);
    case TimeBucket::Day: return floor<days>(at);
    case TimeBucket::Week: {
      sys_days day = floor<days>(at);
      // ISO weeks start on Monday: back to the Monday on or before `day`.
      return sys_days(day - (weekday(day) - Monday));
    }
  }
  return at;
}

std::string day_text(sys_days day) {
  year_month_day date{day};
  return fmt::format("{} {}", static_cast<unsigned>(date.day()), kMonths[static_cast<unsigned>(date.month()) - 1]);
}

}  // namespace

std::optional<TimeBucket> parse_time_bucket(std::string_view text) {
  if (text == "hour") return TimeBucket::Hour;
  if (text == "day") return TimeBucket::Day;
  if (text == "week") return TimeBucket::Week;
  return std::nullopt;
}

BucketRange bucket_range(TimeBucket bucket, Instant from, Instant to) {
  Instant start = floor_to(bucket, from);
  Instant end = floor_to(bucket, to);
  if (end < to || end == start) end += step_of(bucket);  // `to` inside a bucket: that bucket is in
  return {bucket, start, end};
}

std::size_t BucketRange::size() const { return static_cast<std::size_t>((to - from) / step_of(bucket)); }

Instant BucketRange::start(std::size_t index) const {
  return from + step_of(bucket) * static_cast<std::int64_t>(index);
}

std::optional<std::size_t> BucketRange::index_of(Instant at) const {
  if (at < from || at >= to) return std::nullopt;
  return static_cast<std::size_t>((at - from) / step_of(bucket));
}

std::string bucket_label(TimeBucket bucket, Instant start) {
  sys_days day = floor<days>(start);
  if (bucket == TimeBucket::Week) return "Week of " + day_text(day);
  std::string label = fmt::format("{} {}", kWeekdays[weekday(day).c_encoding()], day_text(day));
  if (bucket == TimeBucket::Hour) label += fmt::format(" {:02}:00", duration_cast<hours>(start - sys_seconds(day)).count());
  return label;
}

std::string change_label(std::int64_t total, std::int64_t previous) {
  if (previous == 0) return total == 0 ? "No change vs previous period" : "New this period";
  double change = 100.0 * static_cast<double>(total - previous) / static_cast<double>(previous);
  long long rounded = std::llround(change);
  if (rounded == 0) return "No change vs previous period";
  return fmt::format("{}{}% vs previous period", rounded > 0 ? "+" : "", rounded);
}

json::object chart_view(const BucketRange& range, std::string_view group_by, const std::vector<SeriesCount>& counts,
                        std::int64_t previous_total, const std::map<std::string, std::string>& labels,
                        std::string_view null_label) {
  const std::size_t size = range.size();
  struct Series {
    std::optional<std::string> key;
    std::vector<std::int64_t> values;
    std::int64_t total = 0;
  };
  std::map<std::optional<std::string>, Series> by_key;
  std::int64_t total = 0;
  for (const auto& count : counts) {
    auto index = range.index_of(count.at);
    if (!index) continue;
    auto& series = by_key[count.key];
    if (series.values.empty()) {
      series.key = count.key;
      series.values.assign(size, 0);
    }
    series.values[*index] += count.count;
    series.total += count.count;
    total += count.count;
  }
  std::vector<Series> ordered;
  for (auto& [key, series] : by_key) ordered.push_back(std::move(series));
  // Largest first; ties by key, so the order never depends on the database's.
  std::sort(ordered.begin(), ordered.end(), [](const Series& a, const Series& b) {
    if (a.total != b.total) return a.total > b.total;
    return a.key < b.key;
  });
  if (ordered.size() > kMaxSeries) {
    Series other{std::string(kOtherKey), std::vector<std::int64_t>(size, 0), 0};
    for (std::size_t i = kMaxSeries - 1; i < ordered.size(); ++i) {
      for (std::size_t b = 0; b < size; ++b) other.values[b] += ordered[i].values[b];
      other.total += ordered[i].total;
    }
    ordered.resize(kMaxSeries - 1);
    ordered.push_back(std::move(other));
  }

  json::array buckets;
  for (std::size_t i = 0; i < size; ++i) {
    Instant start = range.start(i);
    buckets.push_back(json::object{{"start", iso8601(system_clock::time_point(start))}, {"label", bucket_label(range.bucket, start)}});
  }
  json::array series;
  for (const auto& s : ordered) {
    std::string label;
    if (!s.key) label = std::string(null_label);
    else if (*s.key == kOtherKey) label = "Other";
    else if (auto named = labels.find(*s.key); named != labels.end()) label = named->second;
    else label = *s.key;
    json::array values(s.values.begin(), s.values.end());
    series.push_back(json::object{{"key", s.key ? json::value(*s.key) : json::value(nullptr)},
                                  {"label", std::move(label)},
                                  {"total", s.total},
                                  {"values", std::move(values)}});
  }
  json::value ratio = nullptr;
  if (previous_total > 0) ratio = static_cast<double>(total - previous_total) / static_cast<double>(previous_total);
  const char* bucket_name = range.bucket == TimeBucket::Hour ? "hour" : range.bucket == TimeBucket::Day ? "day" : "week";
  return {{"from", iso8601(system_clock::time_point(range.from))},
          {"to", iso8601(system_clock::time_point(range.to))},
          {"bucket", bucket_name},
          {"groupBy", group_by},
          {"buckets", std::move(buckets)},
          {"series", std::move(series)},
          {"total", total},
          {"previousTotal", previous_total},
          {"change", json::object{{"ratio", ratio}, {"label", change_label(total, previous_total)}}}};
}

}  // namespace crest::common
