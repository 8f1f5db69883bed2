#include "core/cron/scheduler.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>

#include "core/db/sql_files.hpp"
#include "core/log/log.hpp"
#include "core/queue/queue_store.hpp"
#include "core/util/time.hpp"

namespace crest::cron {
namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::sys_seconds;
using Clock = std::chrono::system_clock;

namespace {
std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/core/cron/queries/") + std::string(name) + ".sql");
}

sys_seconds seconds_of(const std::string& iso) {
  auto parsed = parse_iso8601(iso);
  if (!parsed) throw std::runtime_error("unreadable cron tick time '" + iso + "'");
  return std::chrono::floor<std::chrono::seconds>(*parsed);
}

constexpr std::chrono::milliseconds kLongestSleep{60'000};  // clocks jump; look again at least this often
constexpr std::chrono::milliseconds kPastTheSecond{2};      // wake just after a tick, never just before
}  // namespace

struct Scheduler::Impl : std::enable_shared_from_this<Scheduler::Impl> {
  struct Tracked {
    const CronEntry* entry;
    const queue::JobDefinition* job;
    std::optional<sys_seconds> last;  // the newest tick enqueued, by any worker (loaded on first use)
  };

  Impl(db::Database& database, SchedulerOptions options) : database(database), options(std::move(options)) {}

  db::Database& database;
  SchedulerOptions options;
  std::vector<Tracked> tracked;
  std::atomic<bool> stopping{false};
  std::mutex executor_mutex;
  std::optional<asio::any_io_executor> executor;
  asio::steady_timer* timer = nullptr;  // in run()'s frame while it runs

  asio::awaitable<void> load(Tracked& t, sys_seconds now) {
    const CronEntry& entry = *t.entry;
    db::Params schedule{entry.name, entry.schedule.expression(), entry.schedule.time_zone(),
                        iso8601(Clock::time_point(now))};
    auto registered = co_await database.query(query("register_schedule"), std::move(schedule));
    sys_seconds last = registered.empty() ? now : seconds_of(registered.front().time("since"));
    db::Params name{entry.name};
    auto newest = co_await database.query(query("last_tick"), std::move(name));
    if (!newest.empty())
      if (auto fire_at = newest.front().optional_time("fire_at")) last = std::max(last, seconds_of(*fire_at));
    t.last = last;
  }

  // Claims the tick and enqueues its job in one transaction; false when another worker had.
  asio::awaitable<bool> fire(const Tracked& t, sys_seconds at) {
    std::string fire_at = iso8601(Clock::time_point(at));
    bool claimed = false;
    co_await database.transaction([&](db::Session& tx) -> asio::awaitable<void> {
      claimed = false;
      db::Params tick{t.entry->name, fire_at, iso8601_now()};
      auto rows = co_await tx.query(query("claim_tick"), std::move(tick));
      if (rows.empty()) co_return;
      json::value payload = json::object{{"schedule", t.entry->name}, {"fireAt", fire_at}};
      queue::EnqueueOptions enqueue_options;
      enqueue_options.dedupe_key = t.entry->name + "@" + fire_at;
      co_await queue::enqueue(tx, *t.job, payload, enqueue_options);
      claimed = true;
    });
    co_return claimed;
  }

  asio::awaitable<int> fire_due(sys_seconds now) {
    int fired = 0;
    for (auto& t : tracked) {
      if (!t.last) co_await load(t, now);
      for (sys_seconds at : ticks_due(t.entry->schedule, *t.last, now, t.entry->policy)) {
        bool mine = co_await fire(t, at);
        t.last = at;  // enqueued, by this worker or another
        if (mine) {
          ++fired;
          log::info("cron tick enqueued", {{"cron", t.entry->name}, {"fireAt", iso8601(Clock::time_point(at))}});
        }
      }
    }
    if (fired > 0 && options.on_enqueued) options.on_enqueued();
    co_return fired;
  }

  // How long until the earliest next tick of any schedule (from `now`), or nothing known yet.
  std::optional<Clock::duration> until_next(sys_seconds now) const {
    std::optional<sys_seconds> earliest;
    for (const auto& t : tracked) {
      if (!t.last) return std::nullopt;
      auto next = t.entry->schedule.next_after(std::max(*t.last, now - std::chrono::seconds(1)));
      if (next && (!earliest || *next < *earliest)) earliest = next;
    }
    if (!earliest) return std::chrono::duration_cast<Clock::duration>(kLongestSleep);
    return *earliest - Clock::now();
  }

  asio::awaitable<void> run() {
    auto self = shared_from_this();
    {
      std::lock_guard lock(executor_mutex);
      executor = co_await asio::this_coro::executor;
    }
    asio::steady_timer wait(*executor);
    timer = &wait;
    std::chrono::milliseconds failure_wait{500};
    while (!stopping && !tracked.empty()) {
      auto now = std::chrono::floor<std::chrono::seconds>(Clock::now());
      std::optional<Clock::duration> sleep;
      try {
        co_await fire_due(now);
        failure_wait = std::chrono::milliseconds(500);
        sleep = until_next(now);
      } catch (const std::exception& e) {
        log::warn("cron ticks could not be enqueued; trying again", {{"err", e.what()}, {"retryInMs", failure_wait.count()}});
      }
      auto pause = sleep ? std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(*sleep) + kPastTheSecond,
                                      std::chrono::milliseconds(0), kLongestSleep)
                         : failure_wait;
      if (!sleep) failure_wait = std::min(failure_wait * 2, std::chrono::milliseconds(30'000));
      if (stopping) break;
      wait.expires_after(pause);
      boost::system::error_code ec;
      co_await wait.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    timer = nullptr;
  }
};

Scheduler::Scheduler(db::Database& database, const CronRegistry& crons, const queue::JobRegistry& jobs,
                     SchedulerOptions options)
    : impl_(std::make_shared<Impl>(database, std::move(options))) {
  for (const auto& entry : crons.all()) {
    const queue::JobDefinition* job = jobs.find(entry.name);
    if (!job) continue;
    const auto& queues = impl_->options.queues;
    if (!queues.empty() && std::find(queues.begin(), queues.end(), job->queue_name()) == queues.end()) continue;
    impl_->tracked.push_back({&entry, job, std::nullopt});
  }
}

Scheduler::~Scheduler() = default;

asio::awaitable<void> Scheduler::run() { co_await impl_->run(); }

void Scheduler::stop() {
  impl_->stopping = true;
  std::lock_guard lock(impl_->executor_mutex);
  if (!impl_->executor) return;
  asio::post(*impl_->executor, [impl = impl_] {
    if (impl->timer) impl->timer->cancel();
  });
}

asio::awaitable<int> Scheduler::fire_due(sys_seconds now) { co_return co_await impl_->fire_due(now); }

std::size_t Scheduler::size() const noexcept { return impl_->tracked.size(); }

asio::awaitable<std::int64_t> prune_ticks(db::Database& database, Clock::time_point before) {
  db::Params params{iso8601(before)};
  auto gone = co_await database.query(query("prune_ticks"), std::move(params));
  co_return gone.affected_rows;
}

}  // namespace crest::cron
