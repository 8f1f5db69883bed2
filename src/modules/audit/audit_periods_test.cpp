#include "modules/audit/audit_periods.hpp"

#include <gtest/gtest.h>

namespace crest::modules::audit {
namespace {
using namespace std::chrono;

sys_seconds at(int y, unsigned m, unsigned d, int hour = 0) {
  return sys_seconds(sys_days(year(y) / month(m) / day(d))) + hours(hour);
}

TEST(AuditPeriods, AMonthRunsFromItsFirstDayToTheNextMonthsAcrossAYear) {
  EXPECT_EQ(period_of(PartitionSpan::Month, at(2026, 12, 31, 23)), (Period{at(2026, 12, 1), at(2027, 1, 1)}));
  EXPECT_EQ(period_of(PartitionSpan::Month, at(2027, 1, 1)), (Period{at(2027, 1, 1), at(2027, 2, 1)}));
  EXPECT_EQ(period_of(PartitionSpan::Month, at(2028, 2, 29, 12)), (Period{at(2028, 2, 1), at(2028, 3, 1)}));
}

TEST(AuditPeriods, ADayIsOneUtcDay) {
  EXPECT_EQ(period_of(PartitionSpan::Day, at(2026, 12, 3, 23) + minutes(59)), (Period{at(2026, 12, 3), at(2026, 12, 4)}));
  EXPECT_EQ(next_period(PartitionSpan::Day, Period{at(2028, 2, 28), at(2028, 2, 29)}), (Period{at(2028, 2, 29), at(2028, 3, 1)}));
}

TEST(AuditPeriods, PeriodsAheadFollowEachOtherWithoutGaps) {
  auto months = periods_from(PartitionSpan::Month, at(2026, 11, 15), 3);
  ASSERT_EQ(months.size(), 4u);
  EXPECT_EQ(months.front().from, at(2026, 11, 1));
  EXPECT_EQ(months.back(), (Period{at(2027, 2, 1), at(2027, 3, 1)}));
  for (std::size_t i = 1; i < months.size(); ++i) EXPECT_EQ(months[i - 1].to, months[i].from);
}

TEST(AuditPeriods, NamesSortAsTheirPeriods) {
  EXPECT_EQ(partition_name(PartitionSpan::Month, period_of(PartitionSpan::Month, at(2027, 3, 9))), "audit_logs_p2027_03");
  EXPECT_EQ(partition_name(PartitionSpan::Day, period_of(PartitionSpan::Day, at(2027, 3, 9))), "audit_logs_p2027_03_09");
}

TEST(AuditPeriods, OnlyDayAndMonthAreSpans) {
  EXPECT_EQ(parse_partition_span("day"), PartitionSpan::Day);
  EXPECT_EQ(parse_partition_span("month"), PartitionSpan::Month);
  EXPECT_FALSE(parse_partition_span("Month"));
  EXPECT_FALSE(parse_partition_span("week"));
}

}  // namespace
}  // namespace crest::modules::audit
