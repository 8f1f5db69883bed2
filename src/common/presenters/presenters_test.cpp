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

TEST(MoneySum, IsExactWithinInt64AndSaturatesBeyond) {
  EXPECT_EQ(money_sum(db::Value(std::int64_t{1'000'000'000'000'000})), 1'000'000'000'000'000);
  EXPECT_EQ(money_sum(db::Value(std::string("9223372036854775807"))), kMoneySumLimit);  // PostgreSQL numeric
  EXPECT_EQ(money_sum(db::Value(std::string("9223372036854775806"))), kMoneySumLimit - 1);
  EXPECT_EQ(money_sum(db::Value(std::string("10000000000000000000"))), kMoneySumLimit);
  EXPECT_EQ(money_sum(db::Value(1e19)), kMoneySumLimit);  // SQLite: integer overflow turned REAL
  EXPECT_EQ(money_sum(db::Value(nullptr)), 0);
  EXPECT_THROW(money_sum(db::Value(std::string("12.5"))), std::logic_error);
  EXPECT_EQ(add_money(kMoneySumLimit - 1, 1), kMoneySumLimit);
  EXPECT_EQ(add_money(kMoneySumLimit, 1'000'000'000'000'000), kMoneySumLimit);
  EXPECT_EQ(add_money(2, 3), 5);
}

TEST(MoneyLabel, ASaturatedSumSaysItIsALowerBound) {
  EXPECT_EQ(money_label(kMoneySumLimit, "USD"), "at least $92,233,720,368,547,758.07");
  EXPECT_EQ(money_label(kMoneySumLimit - 7, "USD"), "$92,233,720,368,547,758");
  EXPECT_LE(money_label(kMoneySumLimit, "KWD").size(), 64u);  // the views' label limit
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
