#include "core/cron/cron_registry.hpp"

namespace crest::cron {

queue::JobDefinition& CronRegistry::add(std::string name, std::string_view expression, CronOptions options,
                                        queue::JobHandler handler) {
  auto schedule = CronSchedule::parse(expression, options.tz);
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (!schedule.next_after(now))
    throw InvalidSchedule("cron " + name + " ('" + std::string(expression) + "') never fires");
  auto& job = jobs_.define(name).queue(options.queue).keyed_by_tick().handle(std::move(handler));
  entries_.push_back({std::move(name), std::move(schedule), TickPolicy{options.grace, options.catch_up}});
  return job;
}

}  // namespace crest::cron
