#include "core/cron/tick_plan.hpp"

namespace crest::cron {
using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {
// The ticks in (from, until], oldest first, at most `limit`.
std::vector<sys_seconds> ticks_between(const CronSchedule& schedule, sys_seconds from, sys_seconds until,
                                       std::size_t limit) {
  std::vector<sys_seconds> out;
  for (auto next = schedule.next_after(from); next && *next <= until && out.size() < limit;
       next = schedule.next_after(*next))
    out.push_back(*next);
  return out;
}
}  // namespace

std::vector<sys_seconds> ticks_due(const CronSchedule& schedule, sys_seconds last, sys_seconds now,
                                   const TickPolicy& policy) {
  auto first = schedule.next_after(last);
  if (!first || *first > now) return {};
  if (policy.catch_up) return ticks_between(schedule, last, now, policy.max_ticks);
  sys_seconds late_from = std::max(last, now - policy.grace);
  auto late = ticks_between(schedule, late_from, now, policy.max_ticks);
  if (!late.empty()) return late;
  // Every due tick is older than the grace: the newest of them fires, found by looking back
  // twice as far each time rather than walking every missed tick since `last`.
  sys_seconds bound = late_from;
  for (seconds back{1};; back *= 2) {
    sys_seconds from = std::max(last, bound - back);
    auto found = schedule.next_after(from);
    if (found && *found <= bound) {
      sys_seconds newest = *found;
      for (auto next = schedule.next_after(newest); next && *next <= bound; next = schedule.next_after(*next))
        newest = *next;
      return {newest};
    }
    if (from == last) return {};  // not reached: `first` is due and not late
  }
}

}  // namespace crest::cron
