#include "core/cron/cron_schedule.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

namespace crest::cron {
namespace {
using namespace std::chrono;

// "2026-03-29 00:59:30" read as UTC.
sys_seconds utc(const char* text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  EXPECT_EQ(std::sscanf(text, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s), 6) << text;
  auto day = date::sys_days(date::year(y) / mo / d);
  return day + hours(h) + minutes(mi) + seconds(s);
}

std::string format(sys_seconds t) { return date::format("%F %T", t); }

// The next `count` fire times after `from`, as UTC text.
std::vector<std::string> fires(const CronSchedule& schedule, const char* from, int count) {
  std::vector<std::string> out;
  sys_seconds t = utc(from);
  for (int i = 0; i < count; ++i) {
    auto next = schedule.next_after(t);
    if (!next) break;
    out.push_back(format(*next));
    t = *next;
  }
  return out;
}

using Times = std::vector<std::string>;

TEST(CronSchedule, FiveFieldsFireOnTheMinute) {
  auto every_quarter = CronSchedule::parse("*/15 * * * *");
  EXPECT_EQ(fires(every_quarter, "2026-12-02 10:07:13", 3),
            (Times{"2026-12-02 10:15:00", "2026-12-02 10:30:00", "2026-12-02 10:45:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("0 3 * * *"), "2026-12-02 03:00:00", 1), (Times{"2026-12-03 03:00:00"}))
      << "strictly after";
}

TEST(CronSchedule, SixFieldsTakeSecondsFirst) {
  EXPECT_EQ(fires(CronSchedule::parse("* * * * * *"), "2026-12-02 10:00:58", 3),
            (Times{"2026-12-02 10:00:59", "2026-12-02 10:01:00", "2026-12-02 10:01:01"}));
  EXPECT_EQ(fires(CronSchedule::parse("30 0 12 * * *"), "2026-12-02 00:00:00", 1), (Times{"2026-12-02 12:00:30"}));
}

TEST(CronSchedule, ListsRangesAndSteps) {
  EXPECT_EQ(fires(CronSchedule::parse("0 9-17/4,20 * * *"), "2026-12-02 00:00:00", 5),
            (Times{"2026-12-02 09:00:00", "2026-12-02 13:00:00", "2026-12-02 17:00:00", "2026-12-02 20:00:00",
                   "2026-12-03 09:00:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("5/20 * * * *"), "2026-12-02 10:00:00", 3),
            (Times{"2026-12-02 10:05:00", "2026-12-02 10:25:00", "2026-12-02 10:45:00"}))
      << "a/step runs from a to the end of the field";
  EXPECT_EQ(fires(CronSchedule::parse("0 0 1,15 * *"), "2026-12-02 00:00:00", 2),
            (Times{"2026-12-15 00:00:00", "2027-01-01 00:00:00"}));
}

TEST(CronSchedule, MonthAndWeekdayNamesInAnyCase) {
  // 2026-12-02 is a Wednesday.
  EXPECT_EQ(fires(CronSchedule::parse("0 8 * * MON-fri"), "2026-12-04 09:00:00", 2),
            (Times{"2026-12-07 08:00:00", "2026-12-08 08:00:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("0 0 1 jan,Jul *"), "2026-12-02 00:00:00", 2),
            (Times{"2027-01-01 00:00:00", "2027-07-01 00:00:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("0 0 * * 7"), "2026-12-02 00:00:00", 1), (Times{"2026-12-06 00:00:00"}))
      << "7 is Sunday, as 0 is";
}

TEST(CronSchedule, DayOfMonthOrDayOfWeekWhenBothAreRestricted) {
  // The 13th, or any Friday (Vixie cron): Fri 4 Dec, Fri 11 Dec, Sun 13 Dec, Fri 18 Dec.
  EXPECT_EQ(fires(CronSchedule::parse("0 0 13 * 5"), "2026-12-02 00:00:00", 4),
            (Times{"2026-12-04 00:00:00", "2026-12-11 00:00:00", "2026-12-13 00:00:00", "2026-12-18 00:00:00"}));
  // A star in either: both must match (every Friday in December only).
  EXPECT_EQ(fires(CronSchedule::parse("0 0 * 12 5"), "2026-12-20 00:00:00", 2),
            (Times{"2026-12-25 00:00:00", "2027-12-03 00:00:00"}));
}

TEST(CronSchedule, Aliases) {
  EXPECT_EQ(fires(CronSchedule::parse("@hourly"), "2026-12-02 10:30:00", 1), (Times{"2026-12-02 11:00:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("@daily"), "2026-12-02 10:30:00", 1), (Times{"2026-12-03 00:00:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("@midnight"), "2026-12-02 10:30:00", 1), (Times{"2026-12-03 00:00:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("@weekly"), "2026-12-02 10:30:00", 1), (Times{"2026-12-06 00:00:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("@monthly"), "2026-12-02 10:30:00", 1), (Times{"2027-01-01 00:00:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("@yearly"), "2026-12-02 10:30:00", 1), (Times{"2027-01-01 00:00:00"}));
  EXPECT_EQ(fires(CronSchedule::parse("@annually"), "2026-12-02 10:30:00", 1), (Times{"2027-01-01 00:00:00"}));
}

TEST(CronSchedule, LeapDayAndNever) {
  EXPECT_EQ(fires(CronSchedule::parse("0 0 29 2 *"), "2026-12-02 00:00:00", 2),
            (Times{"2028-02-29 00:00:00", "2032-02-29 00:00:00"}));
  EXPECT_EQ(CronSchedule::parse("0 0 30 2 *").next_after(utc("2026-12-02 00:00:00")), std::nullopt);
}

TEST(CronSchedule, RejectsWhatItCannotRead) {
  for (const char* bad : {"", "* * * *", "* * * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *",
                          "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *", "1,,2 * * * *",
                          "* * * foo *", "@reboot", "@every 5m", "-1 * * * *", "1- * * * *", "*/ * * * *",
                          "100 * * * *", "1/100 * * * *"}) {
    EXPECT_THROW(CronSchedule::parse(bad), InvalidSchedule) << "'" << bad << "'";
  }
  EXPECT_THROW(CronSchedule::parse(std::string(300, '*')), InvalidSchedule);
  EXPECT_THROW(CronSchedule::parse("0 3 * * *", "Mars/Olympus_Mons"), InvalidSchedule);
  try {
    CronSchedule::parse("0 25 * * *");
    FAIL();
  } catch (const InvalidSchedule& e) {
    EXPECT_NE(std::string(e.what()).find("hour"), std::string::npos) << e.what();
  }
}

TEST(CronSchedule, FiresAtLocalTimeInItsZone) {
  // 03:00 in Berlin is 02:00 UTC in winter, 01:00 UTC in summer.
  auto berlin = CronSchedule::parse("0 3 * * *", "Europe/Berlin");
  EXPECT_EQ(fires(berlin, "2026-12-02 00:00:00", 1), (Times{"2026-12-02 02:00:00"}));
  EXPECT_EQ(fires(berlin, "2026-07-01 00:00:00", 1), (Times{"2026-07-01 01:00:00"}));
  // Kolkata is UTC+05:30, without daylight saving.
  EXPECT_EQ(fires(CronSchedule::parse("0 9 * * *", "Asia/Kolkata"), "2026-12-02 00:00:00", 1),
            (Times{"2026-12-02 03:30:00"}));
}

// Berlin jumps from 02:00 to 03:00 on 29 March 2026 (01:00 UTC): 02:30 never happens.
TEST(CronSchedule, AFixedTimeSkippedBySpringForwardFiresRightAfterTheJump) {
  auto skipped = CronSchedule::parse("30 2 * * *", "Europe/Berlin");
  EXPECT_EQ(fires(skipped, "2026-03-28 12:00:00", 2), (Times{"2026-03-29 01:00:00", "2026-03-30 00:30:00"}));
  // Several skipped times fire once, at the jump.
  auto several = CronSchedule::parse("0,15,30,45 2 * * *", "Europe/Berlin");
  EXPECT_EQ(fires(several, "2026-03-28 12:00:00", 2), (Times{"2026-03-29 01:00:00", "2026-03-30 00:00:00"}));
  // A schedule with a * hour follows real time: nothing to catch up.
  auto every_half_hour = CronSchedule::parse("*/30 * * * *", "Europe/Berlin");
  EXPECT_EQ(fires(every_half_hour, "2026-03-29 00:15:00", 3),
            (Times{"2026-03-29 00:30:00", "2026-03-29 01:00:00", "2026-03-29 01:30:00"}));
}

// Berlin goes back from 03:00 to 02:00 on 25 October 2026 (01:00 UTC): 02:30 happens twice.
TEST(CronSchedule, AFixedTimeRepeatedByFallBackFiresOnce) {
  auto repeated = CronSchedule::parse("30 2 * * *", "Europe/Berlin");
  EXPECT_EQ(fires(repeated, "2026-10-24 12:00:00", 2), (Times{"2026-10-25 00:30:00", "2026-10-26 01:30:00"}));
  // From inside the second pass, too.
  EXPECT_EQ(fires(repeated, "2026-10-25 01:10:00", 1), (Times{"2026-10-26 01:30:00"}));
  // A * hour runs the repeated hour again, as real time passes.
  auto hourly = CronSchedule::parse("30 * * * *", "Europe/Berlin");
  EXPECT_EQ(fires(hourly, "2026-10-24 23:40:00", 3),
            (Times{"2026-10-25 00:30:00", "2026-10-25 01:30:00", "2026-10-25 02:30:00"}));
}

// Lord Howe Island moves its clocks by half an hour: 02:00 → 02:30 on 4 October 2026 (15:30 UTC),
// 02:00 → 01:30 on 5 April 2026 (15:00 UTC).
TEST(CronSchedule, HalfHourTransitions) {
  auto at_0215 = CronSchedule::parse("15 2 * * *", "Australia/Lord_Howe");
  EXPECT_EQ(fires(at_0215, "2026-10-03 12:00:00", 2), (Times{"2026-10-03 15:30:00", "2026-10-04 15:15:00"}));
  auto at_0145 = CronSchedule::parse("45 1 * * *", "Australia/Lord_Howe");
  // 01:45 +11 (14:45 UTC) happens; 01:45 +10:30 (15:15 UTC) is its repetition and does not fire.
  EXPECT_EQ(fires(at_0145, "2026-04-04 12:00:00", 2), (Times{"2026-04-04 14:45:00", "2026-04-05 15:15:00"}));
}

// Santiago skips its midnight: 00:00 → 01:00 on 6 September 2026 (04:00 UTC); Havana repeats
// it: 01:00 → 00:00 on 1 November 2026 (05:00 UTC).
TEST(CronSchedule, MidnightTransitions) {
  auto santiago = CronSchedule::parse("@daily", "America/Santiago");
  EXPECT_EQ(fires(santiago, "2026-09-05 12:00:00", 2), (Times{"2026-09-06 04:00:00", "2026-09-07 03:00:00"}));
  auto havana = CronSchedule::parse("30 0 * * *", "America/Havana");
  EXPECT_EQ(fires(havana, "2026-10-31 12:00:00", 2), (Times{"2026-11-01 04:30:00", "2026-11-02 05:30:00"}));
}

}  // namespace
}  // namespace crest::cron
