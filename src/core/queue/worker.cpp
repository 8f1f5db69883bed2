#include "core/queue/worker.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <random>

#include "core/log/log.hpp"
#include "core/queue/queue_store.hpp"
#include "core/util/time.hpp"

namespace crest::queue {
namespace asio = boost::asio;
namespace json = boost::json;
using Steady = std::chrono::steady_clock;
using namespace boost::asio::experimental::awaitable_operators;

namespace {
// One run of one job: what the worker tracks until the attempt is settled (completed, failed,
// timed out or handed back), after which a late answer from its handler changes nothing.
struct Running {
  ClaimedJob job;
  std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<std::atomic<bool>> cancel_requested = std::make_shared<std::atomic<bool>>(false);
  bool settled = false;
  Steady::time_point started = Steady::now();
  std::shared_ptr<asio::steady_timer> timeout;  // cancelled once the attempt is settled
};

std::string describe(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) out += (out.empty() ? "" : "; ") + (e.path.empty() ? "" : e.path + ": ") + e.message;
  return out;
}
}  // namespace

struct Worker::Impl : std::enable_shared_from_this<Worker::Impl> {
  Impl(db::Database& database, const JobRegistry& registry, WorkerOptions options)
      : database(database), registry(registry), options(std::move(options)), store(database) {}

  db::Database& database;
  const JobRegistry& registry;
  WorkerOptions options;
  QueueStore store;
  WorkerStats stats;

  // Touched only on the executor's thread.
  std::optional<asio::any_io_executor> executor;
  // The timers live in the frames of run_loop and heartbeat (so they go before their event loop
  // does, whoever holds the Worker); these point at them while those run.
  asio::steady_timer* wake_timer = nullptr;
  std::map<std::string, std::shared_ptr<Running>> running;  // by job id
  std::map<std::string, int> active;                        // by queue
  std::atomic<bool> stopping{false};
  bool drained = false;
  asio::steady_timer* beat_timer = nullptr;
  asio::steady_timer* counts_timer = nullptr;
  std::unique_ptr<db::ChangeListener> listener;  // while idle, hears new work
  Steady::time_point listen_again_at{};
  bool counts_poked = false;  // finish() asked for a refresh (the gauge's loop clears it)
  std::atomic<std::size_t> running_count{0};
  std::mt19937_64 random{std::random_device{}()};
  std::mutex executor_mutex;  // guards `executor` for stop()/wake() from other threads

  void poke() {
    if (wake_timer) wake_timer->cancel();
  }

  void post_to_loop(std::function<void(Impl&)> work) {
    std::lock_guard lock(executor_mutex);
    if (!executor) return;
    asio::post(*executor, [self = shared_from_this(), work = std::move(work)] { work(*self); });
  }

  std::vector<QueueOptions> queues() const {
    if (!options.queues.empty()) return options.queues;
    std::vector<QueueOptions> out;
    for (const auto& name : registry.queues()) out.push_back({name, options.default_concurrency});
    return out;
  }

  void finish(const std::shared_ptr<Running>& run) {
    running.erase(run->job.id);
    --active[run->job.queue];
    running_count = running.size();
    poke();
    // The gauge follows the work, at most once a second.
    if (counts_timer && !counts_poked) {
      counts_poked = true;
      counts_timer->cancel();
    }
  }

  json::object log_fields(const ClaimedJob& job) const {
    return {{"jobId", job.id}, {"queue", job.queue}, {"job", job.name}, {"attempt", job.attempt}};
  }

  // The final outcome of a job declaring audit(), in a transaction of its own. A failure to write
  // it is logged: the job's outcome stands.
  asio::awaitable<void> audit(const ClaimedJob& job, const JobDefinition* definition, bool success,
                              const std::string& error) {
    if (!definition || !definition->audited() || !options.audit) co_return;
    json::object details{{"queue", job.queue}, {"job", job.name}, {"attempt", job.attempt}};
    if (!success) details["error"] = error;
    try {
      co_await options.audit->record(database, job, *definition->audited(), success, std::move(details));
    } catch (const std::exception& e) {
      log::error("job audit entry could not be written", {{"jobId", job.id}, {"err", e.what()}});
    }
  }

  // The attempt failed: retried on its backoff while attempts remain, else Failed for good.
  asio::awaitable<void> settle_failure(std::shared_ptr<Running> run, std::string error, bool permanent,
                                       const JobDefinition* definition) {
    const ClaimedJob& job = run->job;
    std::optional<std::chrono::milliseconds> retry_in;
    if (!permanent && job.attempt < job.max_attempts)
      retry_in = job.backoff.delay_after(job.attempt, std::uniform_real_distribution<double>(0, 1)(random));
    bool forget = definition && definition->forgets_payload();
    bool kept = false;
    try {
      kept = co_await store.fail(job, error, retry_in, forget);
    } catch (const std::exception& e) {
      log::error("job failure could not be recorded (its lease will run out)", {{"jobId", job.id}, {"err", e.what()}});
    }
    auto fields = log_fields(job);
    fields["err"] = error;
    measure_outcome(*run, !kept ? "lease_lost" : retry_in ? "retried" : "failed");
    if (!kept) {
      ++stats.lost_leases;
      log::warn("job lease lost before its failure was recorded", fields);
    } else if (retry_in) {
      ++stats.retried;
      fields["retryInMs"] = retry_in->count();
      log::warn("job failed; retrying", fields);
    } else {
      ++stats.failed;
      log::error("job failed", fields);
      co_await audit(job, definition, false, error);
    }
  }

  // The attempt stopped after someone asked it to: Cancelled for good, no retry.
  asio::awaitable<void> settle_cancelled(std::shared_ptr<Running> run, std::string error, const JobDefinition* definition) {
    const ClaimedJob& job = run->job;
    bool kept = false;
    try {
      kept = co_await store.cancel(job, error, definition && definition->forgets_payload());
    } catch (const std::exception& e) {
      log::error("job cancellation could not be recorded (its lease will run out)", {{"jobId", job.id}, {"err", e.what()}});
    }
    auto fields = log_fields(job);
    fields["err"] = error;
    measure_outcome(*run, kept ? "cancelled" : "lease_lost");
    if (!kept) {
      ++stats.lost_leases;
      log::warn("job lease lost before its cancellation was recorded", fields);
      co_return;
    }
    log::info("job cancelled on request", fields);
    co_await audit(job, definition, false, error);
  }

  // A handler's failure: the job is cancelled when it was asked to stop, else the attempt failed.
  asio::awaitable<void> settle_stop(std::shared_ptr<Running> run, std::string error, bool permanent,
                                    const JobDefinition* definition) {
    if (run->cancel_requested->load())
      co_await settle_cancelled(run, std::move(error), definition);
    else
      co_await settle_failure(run, std::move(error), permanent, definition);
  }

  asio::awaitable<void> execute(std::shared_ptr<Running> run) {
    auto self = shared_from_this();
    const ClaimedJob& job = run->job;
    const JobDefinition* definition = registry.find(job.name);
    if (!definition || !definition->handler()) {
      run->settled = true;
      co_await settle_failure(run, "No handler is defined for job " + job.name, true, definition);
      finish(run);
      co_return;
    }
    boost::system::error_code parse_error;
    json::value payload = json::parse(job.payload, parse_error);
    if (!parse_error && definition->schema()) {
      auto validated = definition->schema()->validate(payload);
      if (!validated.ok()) {
        run->settled = true;
        co_await settle_failure(run, "Invalid payload: " + describe(validated.errors), true, definition);
        finish(run);
        co_return;
      }
      payload = std::move(validated.value);
    }
    if (parse_error) {
      run->settled = true;
      co_await settle_failure(run, "The payload is not JSON", true, definition);
      finish(run);
      co_return;
    }

    auto progress = [self, run](json::value value) -> asio::awaitable<void> {
      if (run->settled) co_return;
      auto written = co_await self->store.progress(run->job, value);
      if (written.cancel_requested) self->signal_cancel_request(run->job.lease_token);
    };
    JobContext context(job, std::move(payload), database, progress);
    if (definition->is_keyed_by_tick() && job.dedupe_key) context.set_idempotency_key(*job.dedupe_key);
    run->cancelled = context.cancellation();
    run->cancel_requested = context.cancel_request();

    // The timeout settles the attempt on its own: a handler that ignores cancellation no longer
    // holds a slot, and its late answer meets a lease that is gone.
    auto executor = co_await asio::this_coro::executor;
    auto timer = std::make_shared<asio::steady_timer>(executor, job.timeout);
    run->timeout = timer;
    asio::co_spawn(
        executor,
        [self, run, timer, definition]() -> asio::awaitable<void> {
          boost::system::error_code ec;
          co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
          if (ec || run->settled) co_return;
          run->settled = true;
          run->cancelled->store(true);
          co_await self->settle_stop(run, "Timed out after " + std::to_string(run->job.timeout.count()) + " ms",
                                     false, definition);
          self->finish(run);
        },
        asio::detached);

    std::optional<json::value> result;
    std::string error;
    bool permanent = false;
    try {
      result = co_await definition->handler()(context);
    } catch (const PermanentJobError& e) {
      error = e.what();
      permanent = true;
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (run->settled) co_return;  // timed out or handed back meanwhile
    run->settled = true;
    timer->cancel();
    if (result) {
      bool kept = false;
      try {
        kept = co_await complete(run, *result, definition->forgets_payload());
      } catch (const std::exception& e) {
        log::error("job completion could not be recorded (it runs again after its lease)", {{"jobId", job.id}, {"err", e.what()}});
      }
      auto fields = log_fields(job);
      fields["durationMs"] = std::chrono::duration<double, std::milli>(Steady::now() - run->started).count();
      measure_outcome(*run, kept ? "completed" : "lease_lost");
      if (kept) {
        ++stats.completed;
        if (options.metrics) {
          auto now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
          options.metrics->count_completion(job.queue, job.name, *result, now);
        }
        log::info("job completed", fields);
        const std::string no_error;
        co_await audit(job, definition, true, no_error);
      } else {
        ++stats.lost_leases;
        log::warn("job lease lost before its completion was recorded", fields);
      }
    } else {
      co_await settle_stop(run, error, permanent, definition);
    }
    finish(run);
  }

  // Completions are written together: the first waits one turn of the loop for others of the
  // same moment, and those that arrive while a batch is being written go in the next one (a group
  // commit, one statement per batch). Each caller learns whether its lease still held.
  struct PendingCompletion {
    std::shared_ptr<Running> run;
    std::string result;
    bool forget = false;
    bool settled = false, kept = false;
    std::string error;  // the batch failed
    std::unique_ptr<asio::steady_timer> done;
  };
  std::vector<std::shared_ptr<PendingCompletion>> pending_completions;
  bool flushing = false;
  static constexpr std::size_t kCompletionBatch = 256;

  asio::awaitable<bool> complete(std::shared_ptr<Running> run, const json::value& result, bool forget) {
    auto entry = std::make_shared<PendingCompletion>();
    entry->run = run;
    entry->result = json::serialize(result);
    entry->forget = forget;
    entry->done = std::make_unique<asio::steady_timer>(*executor, Steady::time_point::max());
    pending_completions.push_back(entry);
    if (!flushing) {
      flushing = true;
      asio::co_spawn(*executor, flush_completions(), asio::detached);
    }
    if (!entry->settled) {
      boost::system::error_code ec;
      co_await entry->done->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (!entry->error.empty()) throw std::runtime_error(entry->error);
    co_return entry->kept;
  }

  asio::awaitable<void> flush_completions() {
    auto self = shared_from_this();
    co_await asio::post(*executor, asio::use_awaitable);
    while (!pending_completions.empty()) {
      std::vector<std::shared_ptr<PendingCompletion>> batch;
      std::size_t take = std::min(pending_completions.size(), kCompletionBatch);
      batch.assign(pending_completions.begin(), pending_completions.begin() + static_cast<std::ptrdiff_t>(take));
      pending_completions.erase(pending_completions.begin(), pending_completions.begin() + static_cast<std::ptrdiff_t>(take));
      std::vector<QueueStore::Completion> completions;
      completions.reserve(batch.size());
      for (const auto& entry : batch) completions.push_back({&entry->run->job, entry->result, entry->forget});
      try {
        auto kept = co_await store.complete_all(completions);
        std::sort(kept.begin(), kept.end());
        for (auto& entry : batch) entry->kept = std::binary_search(kept.begin(), kept.end(), entry->run->job.id);
      } catch (const std::exception& e) {
        for (auto& entry : batch) entry->error = e.what();
      }
      for (auto& entry : batch) {
        entry->settled = true;
        entry->done->cancel();
      }
    }
    flushing = false;
  }

  void measure_outcome(const Running& run, const char* outcome) {
    if (!options.metrics) return;
    options.metrics->observe_duration(run.job.queue, run.job.name,
                                      std::chrono::duration<double>(Steady::now() - run.started).count());
    options.metrics->count_outcome(run.job.queue, run.job.name, outcome);
  }

  void start(ClaimedJob job) {
    auto run = std::make_shared<Running>();
    run->job = std::move(job);
    if (options.metrics)
      if (auto due = parse_iso8601(run->job.run_at))
        options.metrics->observe_lag(run->job.queue, run->job.name,
                                     std::chrono::duration<double>(std::chrono::system_clock::now() - *due).count());
    running[run->job.id] = run;
    ++active[run->job.queue];
    running_count = running.size();
    asio::co_spawn(*executor, execute(run), asio::detached);
  }

  void signal_cancel_request(const std::string& token) {
    for (auto& [id, run] : running) {
      if (run->job.lease_token != token || run->settled || run->cancel_requested->load()) continue;
      log::info("job asked to stop", log_fields(run->job));
      run->cancel_requested->store(true);
      run->cancelled->store(true);
    }
  }

  // Renews every running job's lease in one statement (which also says which were asked to
  // stop), and requeues the jobs of dead workers.
  asio::awaitable<void> heartbeat() {
    auto self = shared_from_this();
    asio::steady_timer timer(*executor);
    beat_timer = &timer;
    // On through the drain: the jobs still finishing keep their leases.
    while (!drained) {
      timer.expires_after(std::max(options.lease / 3, std::chrono::milliseconds(10)));
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (drained) break;
      std::vector<std::string> tokens;
      for (const auto& [id, run] : running)
        if (!run->settled) tokens.push_back(run->job.lease_token);
      try {
        auto renewal = co_await store.renew(tokens, options.lease);
        for (const auto& token : renewal.cancel_requested) signal_cancel_request(token);
        co_await store.reap_expired_leases();
      } catch (const std::exception& e) {
        log::warn("job leases could not be renewed", {{"err", e.what()}});
      }
    }
    beat_timer = nullptr;
  }

  // The jobs-by-state gauge, from the table: every worker sees every queue's backlog.
  asio::awaitable<void> refresh_counts() {
    auto self = shared_from_this();
    asio::steady_timer timer(*executor);
    counts_timer = &timer;
    while (!drained) {
      counts_poked = false;
      auto refreshed = Steady::now();
      try {
        auto counts = co_await store.counts();
        options.metrics->set_counts(counts);
      } catch (const std::exception& e) {
        log::warn("job counts could not be read", {{"err", e.what()}});
      }
      if (drained) break;
      timer.expires_after(options.counts_interval);
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (drained || !ec) continue;
      // A job finished: refresh, but no sooner than a second after the last time.
      timer.expires_at(refreshed + std::chrono::seconds(1));
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    counts_timer = nullptr;
  }

  // Waits for a wake(), a change the listener hears, or `wait`. A listener that failed is dropped
  // (the poll goes on) and opened again on a later idle wait.
  asio::awaitable<void> idle(std::chrono::milliseconds wait, bool failing) {
    if (options.listen && !listener && !failing && Steady::now() >= listen_again_at) {
      try {
        listener = co_await database.listen(kJobsChannel);
        if (!listener) options.listen = false;  // the engine cannot tell: poll
      } catch (const std::exception& e) {
        listen_again_at = Steady::now() + std::chrono::seconds(5);
        log::warn("the worker cannot listen for new jobs; polling", {{"err", e.what()}});
      }
    }
    wake_timer->expires_after(wait);
    if (!listener) {
      boost::system::error_code ec;
      co_await wake_timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
      co_return;
    }
    try {
      co_await (wake_timer->async_wait(asio::as_tuple(asio::use_awaitable)) || listener->wait(wait));
    } catch (const std::exception& e) {
      listener.reset();
      listen_again_at = Steady::now() + std::chrono::seconds(1);
      log::warn("the worker's listener failed; polling until it is back", {{"err", e.what()}});
    }
  }

  asio::awaitable<void> run_loop() {
    auto self = shared_from_this();
    {
      std::lock_guard lock(executor_mutex);
      executor = co_await asio::this_coro::executor;
    }
    asio::steady_timer wake(*executor);
    wake_timer = &wake;
    asio::co_spawn(*executor, heartbeat(), asio::detached);
    if (options.metrics) asio::co_spawn(*executor, refresh_counts(), asio::detached);
    auto wanted = queues();
    std::chrono::milliseconds failure_wait = options.poll_interval;
    // A first reap: jobs of a worker that died while none ran.
    try {
      co_await store.reap_expired_leases();
    } catch (const std::exception&) {
    }
    while (!stopping) {
      bool claimed = false;
      bool failed = false;
      std::optional<std::chrono::system_clock::time_point> next_window;  // a rate limit's, when it held jobs back
      for (const auto& queue : wanted) {
        int free = queue.concurrency - active[queue.name];
        if (free <= 0 || stopping) continue;
        try {
          std::vector<ClaimedJob> jobs;
          if (auto rate = registry.rate_limit(queue.name)) {
            auto limited = co_await store.claim_limited(queue.name, free, options.lease, *rate);
            jobs = std::move(limited.jobs);
            if (limited.exhausted && (!next_window || limited.window_ends < *next_window)) next_window = limited.window_ends;
          } else {
            jobs = co_await store.claim(queue.name, free, options.lease);
          }
          for (auto& job : jobs) start(std::move(job));
          claimed = claimed || !jobs.empty();
        } catch (const std::exception& e) {
          failed = true;
          log::warn("jobs could not be claimed", {{"queue", queue.name}, {"err", e.what()}});
        }
      }
      if (claimed && !failed) continue;  // more may be due
      failure_wait = failed ? std::min(failure_wait * 2, std::chrono::milliseconds(5'000)) : options.poll_interval;
      auto wait = failure_wait;
      if (next_window && !failed) {
        auto until = std::chrono::ceil<std::chrono::milliseconds>(*next_window - std::chrono::system_clock::now());
        wait = std::clamp(until, std::chrono::milliseconds(1), wait);
      }
      co_await idle(wait, failed);
    }
    listener.reset();
    co_await drain();
    wake_timer = nullptr;
  }

  asio::awaitable<void> drain() {
    auto deadline = Steady::now() + options.shutdown_timeout;
    log::info("worker stopping: running jobs may finish", {{"running", running.size()},
                                                           {"timeoutMs", options.shutdown_timeout.count()}});
    while (!running.empty() && Steady::now() < deadline) {
      wake_timer->expires_at(std::min(deadline, Steady::now() + std::chrono::milliseconds(50)));
      boost::system::error_code ec;
      co_await wake_timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    // What did not finish goes back to the queue, its attempt not counted.
    auto left = running;
    for (auto& [id, run] : left) {
      if (run->settled) continue;
      run->settled = true;
      run->cancelled->store(true);
      if (run->timeout) run->timeout->cancel();
      try {
        if (co_await store.release(run->job)) {
          ++stats.handed_back;
          measure_outcome(*run, "handed_back");
        }
      } catch (const std::exception& e) {
        log::warn("job could not be handed back (it runs again after its lease)", {{"jobId", id}, {"err", e.what()}});
      }
      running.erase(id);
    }
    running_count = running.size();
    drained = true;
    if (beat_timer) beat_timer->cancel();
    if (counts_timer) counts_timer->cancel();
    log::info("worker stopped", {{"handedBack", stats.handed_back.load()}});
  }
};

Worker::Worker(db::Database& database, const JobRegistry& registry, WorkerOptions options)
    : impl_(std::make_shared<Impl>(database, registry, std::move(options))) {}

Worker::~Worker() = default;

asio::awaitable<void> Worker::run() { co_await impl_->run_loop(); }

void Worker::stop() {
  impl_->stopping = true;
  impl_->post_to_loop([](Impl& impl) { impl.poke(); });
}

void Worker::wake() {
  impl_->post_to_loop([](Impl& impl) { impl.poke(); });
}

const WorkerStats& Worker::stats() const noexcept { return impl_->stats; }
std::size_t Worker::running() const noexcept { return impl_->running_count; }

}  // namespace crest::queue
