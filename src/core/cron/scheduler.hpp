#pragma once
// Enqueues the ticks of the declared crons, exactly once however many workers run them: each
// tick's job is enqueued in the transaction that claims its (schedule, fire time) row, and a
// worker that finds the row taken knows another enqueued it.
//
//   cron::Scheduler scheduler(db, crons, jobs, {.queues = {"crons"}, .on_enqueued = [&] { worker.wake(); }});
//   co_await scheduler.run();  // until scheduler.stop()
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/cron/cron_registry.hpp"
#include "core/db/database.hpp"

namespace crest::cron {

struct SchedulerOptions {
  std::vector<std::string> queues = {};    // the crons on these queues; empty: every cron
  std::function<void()> on_enqueued = {}; // this process enqueued a tick's job (wake its worker)
};

class Scheduler {
 public:
  Scheduler(db::Database& database, const CronRegistry& crons, const queue::JobRegistry& jobs,
            SchedulerOptions options = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Fires each tick when it falls due, until stop().
  boost::asio::awaitable<void> run();
  // From any thread.
  void stop();

  // One pass at `now`: enqueues every schedule's due ticks; how many this call enqueued (a tick
  // another worker enqueued first is not counted). Tests drive time through it.
  boost::asio::awaitable<int> fire_due(std::chrono::sys_seconds now);
  // How many schedules this scheduler runs.
  std::size_t size() const noexcept;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Removes the ticks fired before `before`, but each schedule's newest; how many went.
boost::asio::awaitable<std::int64_t> prune_ticks(db::Database& database, std::chrono::system_clock::time_point before);

}  // namespace crest::cron
