#include <gtest/gtest.h>

#include "common/presenters/money.hpp"
#include "common/presenters/relative_time.hpp"

namespace crest::common {
namespace {
using namespace std::chrono;

TEST(MoneyLabel, GroupsThousandsAndShowsCentsOnlyWhenThereAreSome) {
  EXPECT_EQ(money_label(1'230'000, "USD"), "$12,300");
  EXPECT_EQ(money_label(1'230'050, "USD"), "$12,300.50");
  EXPECT_EQ(money_label(5, "USD"), "$0.05");
  EXPECT_EQ(money_label(0, "USD"), "$0");
  EXPECT_EQ(money_label(-120'000, "USD"), "-$1,200");
  EXPECT_EQ(money_label(123'456'789'00, "EUR"), "€123,456,789");
}

TEST(MoneyLabel, FollowsTheCurrencysMinorUnit) {
  EXPECT_EQ(money_label(5000, "JPY"), "¥5,000");  // no minor unit: the amount is in yen
  EXPECT_EQ(money_label(1'500, "KWD"), "KWD 1.500");  // three digits after the point
  EXPECT_EQ(money_label(98'000, "CHF"), "CHF 980");
  EXPECT_EQ(money_label(INT64_MIN, "USD").front(), '-');
}

TEST(RelativeTime, UsesTheFamiliarThresholds) {
  auto now = sys_days(2026y / 11 / 23) + hours(12);
  EXPECT_EQ(relative_time_label(now - seconds(10), now), "just now");
  EXPECT_EQ(relative_time_label(now - seconds(60), now), "1 minute ago");
  EXPECT_EQ(relative_time_label(now - minutes(5), now), "5 minutes ago");
  EXPECT_EQ(relative_time_label(now - minutes(60), now), "1 hour ago");
  EXPECT_EQ(relative_time_label(now - hours(5), now), "5 hours ago");
  EXPECT_EQ(relative_time_label(now - hours(30), now), "1 day ago");
  EXPECT_EQ(relative_time_label(now - days(3), now), "3 days ago");
  EXPECT_EQ(relative_time_label(now - days(40), now), "1 month ago");
  EXPECT_EQ(relative_time_label(now - days(90), now), "3 months ago");
  EXPECT_EQ(relative_time_label(now - days(400), now), "1 year ago");
  EXPECT_EQ(relative_time_label(now - days(800), now), "2 years ago");
  EXPECT_EQ(relative_time_label(now + days(2), now), "in 2 days");
}

}  // namespace
}  // namespace crest::common
