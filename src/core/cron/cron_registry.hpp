#pragma once
// Crons as a module declares them, at bootstrap, beside its jobs:
//
//   ctx.crons.add("audit.retention", "0 3 * * *", {.tz = "Europe/Berlin"},
//                 [](queue::JobContext& tick) -> awaitable<json::value> { ... });
//
// A cron is a job (named after it, on the `crons` queue unless told otherwise) plus a schedule
// that `crest worker` enqueues once per tick however many workers run: the returned
// JobDefinition takes the usual .attempts(), .timeout(), ... Its handler's
// JobContext::idempotency_key() is the tick's key, "<name>@<fire time>".
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/cron/cron_schedule.hpp"
#include "core/cron/tick_plan.hpp"
#include "core/queue/job.hpp"

namespace crest::cron {

struct CronOptions {
  std::string tz = "UTC";
  std::string queue = "crons";
  bool catch_up = false;           // after an outage, every missed tick fires (not one for all)
  std::chrono::seconds grace{30};  // a tick this late still fires as itself
};

struct CronEntry {
  std::string name;
  CronSchedule schedule;
  TickPolicy policy;
};

class CronRegistry {
 public:
  explicit CronRegistry(queue::JobRegistry& jobs) : jobs_(jobs) {}

  // Throws InvalidSchedule for an expression or zone that cannot be read, or one that never
  // fires; std::logic_error for a name taken by another job.
  queue::JobDefinition& add(std::string name, std::string_view expression, CronOptions options,
                            queue::JobHandler handler);
  const std::vector<CronEntry>& all() const noexcept { return entries_; }

 private:
  queue::JobRegistry& jobs_;
  std::vector<CronEntry> entries_;
};

}  // namespace crest::cron
