#include "common/time_series.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace crest::common {
namespace {
using namespace std::chrono;

Instant at(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
  return Instant(sys_days(year(y) / month(m) / day(d))) + hours(hour) + minutes(minute);
}

TEST(TimeSeries, APeriodWidensToWholeBuckets) {
  auto days_range = bucket_range(TimeBucket::Day, at(2026, 11, 3, 15), at(2026, 11, 5, 9));
  EXPECT_EQ(days_range.from, at(2026, 11, 3));
  EXPECT_EQ(days_range.to, at(2026, 11, 6));
  EXPECT_EQ(days_range.size(), 3u);
  auto exact = bucket_range(TimeBucket::Hour, at(2026, 11, 3, 10), at(2026, 11, 3, 12));
  EXPECT_EQ(exact.size(), 2u) << "an aligned end is exclusive";
  // 2026-11-04 is a Wednesday; its ISO week starts on Monday the 2nd, and crosses into December.
  auto weeks_range = bucket_range(TimeBucket::Week, at(2026, 11, 4), at(2026, 12, 1));
  EXPECT_EQ(weeks_range.from, at(2026, 11, 2));
  EXPECT_EQ(weeks_range.to, at(2026, 12, 7));
  EXPECT_EQ(weeks_range.size(), 5u);
  EXPECT_EQ(weeks_range.index_of(at(2026, 11, 8, 23, 59)), 0u);
  EXPECT_EQ(weeks_range.index_of(at(2026, 11, 9)), 1u);
  EXPECT_FALSE(weeks_range.index_of(at(2026, 12, 7)).has_value());
  EXPECT_FALSE(weeks_range.index_of(at(2026, 11, 1, 23)).has_value());
}

TEST(TimeSeries, LabelsAreComputedHere) {
  EXPECT_EQ(bucket_label(TimeBucket::Day, at(2025, 11, 3)), "Mon 3 Nov");
  EXPECT_EQ(bucket_label(TimeBucket::Hour, at(2026, 12, 31, 7)), "Thu 31 Dec 07:00");
  EXPECT_EQ(bucket_label(TimeBucket::Week, at(2026, 11, 2)), "Week of 2 Nov");
  EXPECT_EQ(change_label(112, 100), "+12% vs previous period");
  EXPECT_EQ(change_label(97, 100), "-3% vs previous period");
  EXPECT_EQ(change_label(1000, 1001), "No change vs previous period");
  EXPECT_EQ(change_label(0, 0), "No change vs previous period");
  EXPECT_EQ(change_label(5, 0), "New this period");
}

TEST(TimeSeries, EveryBucketIsPresentAndEachSeriesIsOneArrayLargestFirst) {
  auto range = bucket_range(TimeBucket::Day, at(2026, 11, 2), at(2026, 11, 6));
  std::vector<SeriesCount> counts{{at(2026, 11, 2, 9), "Update", 2},
                                 {at(2026, 11, 2, 10), "Update", 1},  // same day, another hour
                                 {at(2026, 11, 4), "Create", 1},
                                 {at(2026, 11, 5, 23), "Update", 4},
                                 {at(2026, 11, 9), "Update", 50}};  // outside: ignored
  auto view = chart_view(range, "action", counts, 5, {}, "(none)");
  ASSERT_EQ(view.at("buckets").as_array().size(), 4u);
  EXPECT_EQ(view.at("buckets").as_array()[1].at("start"), "2026-11-03T00:00:00.000Z");
  EXPECT_EQ(view.at("buckets").as_array()[1].at("label"), "Tue 3 Nov");
  const auto& series = view.at("series").as_array();
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].at("key"), "Update");
  EXPECT_EQ(series[0].at("values"), boost::json::parse("[3, 0, 0, 4]"));
  EXPECT_EQ(series[1].at("values"), boost::json::parse("[0, 0, 1, 0]"));
  EXPECT_EQ(view.at("total"), 8);
  EXPECT_EQ(view.at("previousTotal"), 5);
  EXPECT_EQ(view.at("change").at("label"), "+60% vs previous period");
  EXPECT_DOUBLE_EQ(view.at("change").at("ratio").as_double(), 0.6);
}

TEST(TimeSeries, ActorsAreNamedTheSystemTooAndTheSmallestGroupsBecomeOther) {
  auto range = bucket_range(TimeBucket::Hour, at(2026, 11, 2, 10), at(2026, 11, 2, 11));
  std::vector<SeriesCount> counts{{at(2026, 11, 2, 10), std::nullopt, 3}, {at(2026, 11, 2, 10), "u1", 5}};
  for (int i = 0; i < 20; ++i) counts.push_back({at(2026, 11, 2, 10, 30), "x" + std::to_string(100 + i), 1});
  auto view = chart_view(range, "actor", counts, 0, {{"u1", "Ann"}}, "System");
  const auto& series = view.at("series").as_array();
  ASSERT_EQ(series.size(), kMaxSeries);
  EXPECT_EQ(series[0].at("label"), "Ann");
  EXPECT_EQ(series[1].at("label"), "System");
  EXPECT_TRUE(series[1].at("key").is_null());
  EXPECT_EQ(series[2].at("label"), "x100") << "an id without a name is shown as itself";
  EXPECT_EQ(series.back().at("label"), "Other");
  EXPECT_EQ(series.back().at("key"), "(other)") << "no group's own value can be taken for it";
  EXPECT_EQ(series.back().at("total"), 11) << "20 singletons, 9 of them shown";
  EXPECT_EQ(view.at("total"), 28);
  EXPECT_TRUE(view.at("change").at("ratio").is_null());
  EXPECT_EQ(view.at("change").at("label"), "New this period");
}

}  // namespace
}  // namespace crest::common
