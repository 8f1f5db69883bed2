#include "common/rollup_reads.hpp"

#include <gtest/gtest.h>

namespace crest::common {
namespace {
using namespace std::chrono;

Instant at(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
  return Instant(sys_days(year(y) / month(m) / day(d))) + hours(hour) + minutes(minute);
}

using Source = ReadSegment::Source;

TEST(RollupReadPlan, WholeDaysFromTheDailyRollupHoursAfterThemThenRawRows) {
  auto range = bucket_range(TimeBucket::Day, at(2026, 11, 1), at(2026, 11, 10));
  auto plan = plan_reads(range, at(2026, 11, 5, 14), {});
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0], (ReadSegment{Source::Daily, at(2026, 11, 1), at(2026, 11, 5), {}}));
  EXPECT_EQ(plan[1], (ReadSegment{Source::Hourly, at(2026, 11, 5), at(2026, 11, 5, 14), {}}));
  EXPECT_EQ(plan[2], (ReadSegment{Source::Raw, at(2026, 11, 5, 14), at(2026, 11, 10), {}}));
}

TEST(RollupReadPlan, StaleHoursAndTheirDaysAreReadRaw) {
  auto range = bucket_range(TimeBucket::Week, at(2026, 11, 2), at(2026, 11, 16));
  auto plan = plan_reads(range, at(2026, 11, 20), {at(2026, 11, 3, 9), at(2026, 11, 3, 11), at(2026, 11, 12, 1)});
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0], (ReadSegment{Source::Daily, at(2026, 11, 2), at(2026, 11, 16), {at(2026, 11, 3), at(2026, 11, 12)}}));
  EXPECT_EQ(plan[1], (ReadSegment{Source::Raw, at(2026, 11, 3), at(2026, 11, 4), {}}));
  EXPECT_EQ(plan[2], (ReadSegment{Source::Raw, at(2026, 11, 12), at(2026, 11, 13), {}}));

  auto hourly = plan_reads(bucket_range(TimeBucket::Hour, at(2026, 11, 3, 8), at(2026, 11, 3, 12)), at(2026, 11, 3, 11),
                           {at(2026, 11, 3, 9), at(2026, 11, 3, 11)});
  ASSERT_EQ(hourly.size(), 3u);
  EXPECT_EQ(hourly[0], (ReadSegment{Source::Hourly, at(2026, 11, 3, 8), at(2026, 11, 3, 11), {at(2026, 11, 3, 9)}}));
  EXPECT_EQ(hourly[1], (ReadSegment{Source::Raw, at(2026, 11, 3, 9), at(2026, 11, 3, 10), {}}));
  EXPECT_EQ(hourly[2], (ReadSegment{Source::Raw, at(2026, 11, 3, 11), at(2026, 11, 3, 12), {}})) << "past the watermark";
}

TEST(RollupReadPlan, NoWatermarkOrTooManyStaleHoursMeanRawRows) {
  auto range = bucket_range(TimeBucket::Day, at(2026, 11, 1), at(2026, 11, 3));
  EXPECT_EQ(plan_reads(range, std::nullopt, {}), (std::vector<ReadSegment>{{Source::Raw, at(2026, 11, 1), at(2026, 11, 3), {}}}));
  EXPECT_EQ(plan_reads(range, at(2026, 10, 1), {}), (std::vector<ReadSegment>{{Source::Raw, at(2026, 11, 1), at(2026, 11, 3), {}}}))
      << "a watermark before the range";
  std::vector<Instant> stale;
  for (int h = 0; h < 30; ++h) stale.push_back(at(2026, 11, 2) + hours(h));
  auto hourly_range = bucket_range(TimeBucket::Hour, at(2026, 11, 2), at(2026, 11, 4));
  auto plan = plan_reads(hourly_range, at(2026, 11, 4), stale);
  EXPECT_EQ(plan, (std::vector<ReadSegment>{{Source::Raw, at(2026, 11, 2), at(2026, 11, 4), {}}}))
      << "30 stale hours: the rollups' part is read raw whole";
}

}  // namespace
}  // namespace crest::common
