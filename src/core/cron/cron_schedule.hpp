#pragma once
// A cron expression in a time zone, and when it fires next.
//
//   auto daily = cron::CronSchedule::parse("0 3 * * *", "Europe/Berlin");
//   std::chrono::sys_seconds next = *daily.next_after(now);
//
// Five fields (minute hour day-of-month month day-of-week) or six (seconds first, as BullMQ and
// cron-parser take them); lists, ranges, steps, month and weekday names, `@hourly @daily @weekly
// @monthly @yearly` (and `@annually`, `@midnight`). Day of month and day of week restricted both:
// either matches (Vixie cron). Daylight saving as Vixie cron does it: a schedule at fixed times
// (neither minute nor hour a `*`) whose time is skipped by a jump forward fires right after the
// jump, and a time repeated by a jump back fires once; a schedule with a `*` minute or hour follows
// real time (nothing to catch up after a jump forward, the repeated hour runs again).
#include <bitset>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace crest::cron {

// What is wrong with an expression or a zone name, for a message at start-up.
class InvalidSchedule : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class CronSchedule {
 public:
  // Throws InvalidSchedule naming the field, or the unknown zone.
  static CronSchedule parse(std::string_view expression, std::string_view time_zone = "UTC");

  // The first time it fires strictly after `after`; nothing when it never fires in the next ten
  // years (a 30 February).
  std::optional<std::chrono::sys_seconds> next_after(std::chrono::sys_seconds after) const;

  const std::string& expression() const noexcept { return expression_; }
  const std::string& time_zone() const noexcept { return zone_name_; }
  // Neither the minute nor the hour is a `*`: it fires at fixed times of the day.
  bool fixed_time() const noexcept { return fixed_time_; }

 private:
  std::optional<std::chrono::seconds> next_local(std::chrono::seconds from, std::chrono::seconds until) const;
  bool day_matches(int day_of_month, unsigned weekday) const;

  std::string expression_;
  std::string zone_name_;
  const date::time_zone* zone_ = nullptr;
  std::bitset<60> seconds_, minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;    // 1..31
  std::bitset<13> months_;  // 1..12
  std::bitset<7> weekdays_; // 0 = Sunday
  bool any_day_ = false, any_weekday_ = false;
  bool fixed_time_ = false;
};

}  // namespace crest::cron
