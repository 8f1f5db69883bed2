#include "core/cron/tick_plan.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

namespace crest::cron {
namespace {
using namespace std::chrono;

sys_seconds at(int hour, int minute, int second = 0) {
  return date::sys_days(date::year(2026) / 12 / 2) + hours(hour) + minutes(minute) + seconds(second);
}

TEST(TickPlan, NothingIsDueBeforeTheNextTick) {
  auto hourly = CronSchedule::parse("@hourly");
  EXPECT_TRUE(ticks_due(hourly, at(10, 0), at(10, 59, 59), {}).empty());
}

TEST(TickPlan, ADueTickFiresAsItself) {
  auto hourly = CronSchedule::parse("@hourly");
  EXPECT_EQ(ticks_due(hourly, at(10, 0), at(11, 0), {}), (std::vector{at(11, 0)}));
  EXPECT_EQ(ticks_due(hourly, at(10, 0), at(11, 0, 20), {}), (std::vector{at(11, 0)})) << "late within the grace";
}

TEST(TickPlan, TicksLateWithinTheGraceFireEach) {
  auto every_second = CronSchedule::parse("* * * * * *");
  EXPECT_EQ(ticks_due(every_second, at(10, 0, 0), at(10, 0, 3), {}),
            (std::vector{at(10, 0, 1), at(10, 0, 2), at(10, 0, 3)}));
}

TEST(TickPlan, MissedTicksFireOnceAsTheNewest) {
  auto hourly = CronSchedule::parse("@hourly");
  // Every worker down from 10:30 to 14:20: 11:00, 12:00, 13:00 and 14:00 were missed.
  EXPECT_EQ(ticks_due(hourly, at(10, 0), at(14, 20), {}), (std::vector{at(14, 0)}));
  // Back at 14:00:10: 14:00 is late within the grace and stands for the missed ones.
  EXPECT_EQ(ticks_due(hourly, at(10, 0), at(14, 0, 10), {}), (std::vector{at(14, 0)}));
  auto weekly = CronSchedule::parse("@weekly");
  // Down for a month: one tick, the last Sunday's (29 November 2026).
  auto month_ago = date::sys_days(date::year(2026) / 11 / 1) + hours(0);
  EXPECT_EQ(ticks_due(weekly, month_ago, at(10, 0), {}),
            (std::vector<sys_seconds>{date::sys_days(date::year(2026) / 11 / 29)}));
}

TEST(TickPlan, ASchedulethatCatchesUpFiresEveryMissedTick) {
  auto hourly = CronSchedule::parse("@hourly");
  TickPolicy every{.catch_up = true};
  EXPECT_EQ(ticks_due(hourly, at(10, 0), at(13, 20), every), (std::vector{at(11, 0), at(12, 0), at(13, 0)}));
  TickPolicy capped{.catch_up = true, .max_ticks = 2};
  EXPECT_EQ(ticks_due(hourly, at(10, 0), at(13, 20), capped).size(), 2u);
}

}  // namespace
}  // namespace crest::cron
