// The queue's own figures on one engine, the way a service meets them: jobs enqueued through the
// API a module uses (queue::enqueue in a transaction), run by queue::Worker with a no-op handler.
//   crest_queue_bench DATABASE_URL [JOBS]   (a fresh database: it is migrated here)
// Prints one markdown row: enqueue one per transaction (16 in flight), enqueue in bulk (500 per
// transaction), processing at concurrency 50, and enqueue-to-start latency with idle workers.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "core/db/database.hpp"
#include "core/db/migrations.hpp"
#include "core/log/log.hpp"
#include "core/queue/queue_store.hpp"
#include "core/queue/worker.hpp"

namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace crest;
using Steady = std::chrono::steady_clock;

double seconds_since(Steady::time_point start) { return std::chrono::duration<double>(Steady::now() - start).count(); }

asio::awaitable<void> pause(std::chrono::milliseconds how_long) {
  asio::steady_timer timer(co_await asio::this_coro::executor, how_long);
  co_await timer.async_wait(asio::use_awaitable);
}

struct Figures {
  double one_by_one = 0, bulk = 0, processed = 0, p50_ms = 0, p99_ms = 0;
};

asio::awaitable<void> measure(db::Database& database, const std::string& url, int jobs, Figures& out) {
  auto migrations = db::product_migrations(database.engine());
  co_await db::migrate_up(database, migrations);
  queue::JobRegistry registry;
  std::map<std::string, Steady::time_point> committed_at;  // latency run: job id -> commit
  std::vector<double> latencies;
  int done = 0;
  auto& noop = registry.define("bench.noop").queue("bench").attempts(1).handle(
      [&](queue::JobContext& job) -> asio::awaitable<json::value> {
        ++done;
        if (auto it = committed_at.find(job.job().id); it != committed_at.end())
          latencies.push_back(std::chrono::duration<double, std::milli>(Steady::now() - it->second).count());
        co_return nullptr;
      });
  auto executor = co_await asio::this_coro::executor;

  // One per transaction, 16 in flight.
  int one_by_one = std::min(jobs, 20'000);
  {
    int next = 0, running = 16;
    auto start = Steady::now();
    for (int lane = 0; lane < 16; ++lane)
      asio::co_spawn(executor, [&]() -> asio::awaitable<void> {
        while (next < one_by_one) {
          ++next;
          co_await database.transaction([&](db::Session& tx) -> asio::awaitable<void> {
            co_await queue::enqueue(tx, noop, json::object{});
          });
        }
        --running;
      }, asio::detached);
    while (running > 0) co_await pause(std::chrono::milliseconds(1));
    out.one_by_one = one_by_one / seconds_since(start);
  }
  // In bulk: 500 per transaction.
  {
    auto start = Steady::now();
    for (int written = 0; written < jobs;) {
      int batch = std::min(500, jobs - written);
      co_await database.transaction([&](db::Session& tx) -> asio::awaitable<void> {
        for (int i = 0; i < batch; ++i) co_await queue::enqueue(tx, noop, json::object{});
      });
      written += batch;
    }
    out.bulk = jobs / seconds_since(start);
  }
  // Processing the backlog at concurrency 50.
  int total = one_by_one + jobs;
  {
    queue::Worker worker(database, registry, {.queues = {{"bench", 50}}});
    bool finished = false;
    auto start = Steady::now();
    asio::co_spawn(executor, worker.run(), [&](std::exception_ptr) { finished = true; });
    while (done < total) co_await pause(std::chrono::milliseconds(1));
    out.processed = total / seconds_since(start);
    // Enqueue-to-start with the worker idle: one job at a time from another connection (another
    // process would use its own), every 5 ms.
    auto producer = db::open_database(url, {});
    for (int i = 0; i < 500; ++i) {
      co_await pause(std::chrono::milliseconds(5));
      std::string id;
      co_await producer->transaction([&](db::Session& tx) -> asio::awaitable<void> {
        auto enqueued = co_await queue::enqueue(tx, noop, json::object{});
        id = enqueued.id;
      });
      committed_at[id] = Steady::now();
    }
    while (done < total + 500) co_await pause(std::chrono::milliseconds(1));
    worker.stop();
    while (!finished) co_await pause(std::chrono::milliseconds(1));
    producer->close();
  }
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    out.p50_ms = latencies[latencies.size() / 2];
    out.p99_ms = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: crest_queue_bench DATABASE_URL [JOBS]\n";
    return 2;
  }
  std::string url = argv[1];
  int jobs = argc > 2 ? std::atoi(argv[2]) : 100'000;
  log::init(log::Level::Warn, log::Format::Json, false);
  Figures figures;
  {
    asio::io_context io;
    auto database = db::open_database(url, {});
    std::exception_ptr failure;
    asio::co_spawn(io, measure(*database, url, jobs, figures), [&](std::exception_ptr e) { failure = e; });
    io.run();
    database->close();
    if (failure) std::rethrow_exception(failure);
  }
  std::cout << fmt::format("| {} | {:.0f} | {:.0f} | {:.0f} | {:.2f} | {:.2f} |\n",
                           url.starts_with("sqlite") ? "SQLite" : "PostgreSQL", figures.one_by_one, figures.bulk,
                           figures.processed, figures.p50_ms, figures.p99_ms);
  return 0;
}
