#include "common/rollup_reads.hpp"

#include <algorithm>

#include "common/id_list.hpp"
#include "core/db/sql_files.hpp"
#include "core/util/time.hpp"

namespace crest::common {
using namespace std::chrono;

std::vector<ReadSegment> plan_reads(const BucketRange& range, std::optional<Instant> aggregated_before,
                                    std::vector<Instant> stale_hours) {
  using Source = ReadSegment::Source;
  const Instant limit = aggregated_before ? std::min(range.to, *aggregated_before) : range.from;
  if (limit <= range.from) return {{Source::Raw, range.from, range.to, {}}};
  std::sort(stale_hours.begin(), stale_hours.end());
  stale_hours.erase(std::unique(stale_hours.begin(), stale_hours.end()), stale_hours.end());

  std::vector<ReadSegment> out;
  std::vector<ReadSegment> raw;
  Instant hours_from = range.from;
  if (range.bucket != TimeBucket::Hour) {
    // Whole days below the watermark (the range starts on a day: its buckets are days or weeks).
    const Instant days_to = std::max(range.from, Instant(floor<days>(limit)));
    if (days_to > range.from) {
      ReadSegment daily{Source::Daily, range.from, days_to, {}};
      for (Instant hour : stale_hours) {
        Instant day = floor<days>(hour);
        if (day < range.from || day >= days_to) continue;
        if (!daily.excluded.empty() && daily.excluded.back() == day) continue;
        daily.excluded.push_back(day);
        raw.push_back({Source::Raw, day, day + days(1), {}});
      }
      out.push_back(std::move(daily));
    }
    hours_from = days_to;
  }
  if (limit > hours_from) {
    ReadSegment hourly{Source::Hourly, hours_from, limit, {}};
    for (Instant hour : stale_hours) {
      if (hour < hours_from || hour >= limit) continue;
      hourly.excluded.push_back(hour);
      raw.push_back({Source::Raw, hour, hour + hours(1), {}});
    }
    out.push_back(std::move(hourly));
  }
  if (raw.size() > kMostStaleReads) out = {{Source::Raw, range.from, limit, {}}};
  else for (auto& segment : raw) out.push_back(std::move(segment));
  if (limit < range.to) out.push_back({Source::Raw, limit, range.to, {}});
  return out;
}

std::pair<std::string, db::Params> rollup_counts_query(db::Engine engine, std::string_view table, std::string_view group,
                                                       const std::string& workspace, const ReadSegment& segment) {
  std::string sql(db::sql_file(engine == db::Engine::Postgres ? "src/common/queries/rollup_counts.postgres.sql"
                                                              : "src/common/queries/rollup_counts.sqlite.sql"));
  sql = db::fill_placeholder(db::fill_placeholder(sql, "table", table), "group", group);
  db::Params params{workspace, iso8601(system_clock::time_point(segment.from)), iso8601(system_clock::time_point(segment.to))};
  if (segment.excluded.empty()) return {db::fill_placeholder(sql, "exclude", ""), std::move(params)};
  std::vector<std::string> excluded;
  for (Instant at : segment.excluded) excluded.push_back(iso8601(system_clock::time_point(at)));
  auto [listed, list_params] = with_id_list(db::fill_placeholder(sql, "exclude", " AND r.bucket NOT IN ({ids})"), excluded, 4);
  for (auto& value : list_params) params.push_back(std::move(value));
  return {std::move(listed), std::move(params)};
}

}  // namespace crest::common
