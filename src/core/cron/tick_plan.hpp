#pragma once
// Which ticks of a schedule fire now, given the last one fired (by any worker) and the time.
// A tick at most `grace` late fires as itself; ticks later than that were missed (every worker
// was down) and fire once, as the newest of them, unless the schedule catches up on each.
#include <chrono>
#include <vector>

#include "core/cron/cron_schedule.hpp"

namespace crest::cron {

struct TickPolicy {
  std::chrono::seconds grace{30};
  bool catch_up = false;  // every missed tick fires, oldest first (at most max_ticks)
  std::size_t max_ticks = 1000;
};

// The fire times in (last, now] to enqueue, oldest first.
std::vector<std::chrono::sys_seconds> ticks_due(const CronSchedule& schedule, std::chrono::sys_seconds last,
                                                std::chrono::sys_seconds now, const TickPolicy& policy);

}  // namespace crest::cron
