// The Redis client against a real Redis (CREST_TEST_REDIS_URL; skipped without it). One client
// serves every I/O thread and connects on its first command, so that first command must be
// safe to make from several threads at once.
#include "core/redis/redis_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace crest::redis {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

std::string redis_url() {
  const char* url = std::getenv("CREST_TEST_REDIS_URL");
  return url ? url : "";
}

// Every coroutine waits until all have started, each on a thread of its own, then makes its
// first command: CLIENT ID, the id of the Redis connection it went over.
struct FirstUse {
  static constexpr int kThreads = 4;
  static constexpr int kCommandsAfterwards = 3;
  std::atomic<int> arrived{0};
  std::mutex mutex;
  std::set<std::int64_t> connection_ids;
  std::vector<std::string> failures;
  std::chrono::steady_clock::duration slowest{};

  std::atomic<int> finished{0};

  // The connection keeps the loop busy (it always waits to read): the last caller stops it.
  asio::awaitable<void> caller(Client& client, asio::io_context& ioc) {
    co_await first_commands(client);
    if (++finished == kThreads) ioc.stop();
  }

  asio::awaitable<void> first_commands(Client& client) {
    ++arrived;
    while (arrived.load() < kThreads) std::this_thread::yield();  // all threads go at once
    try {
      auto started = std::chrono::steady_clock::now();
      std::vector<std::string> client_id{"CLIENT", "ID"};
      auto id = co_await client.command(std::move(client_id));
      for (int i = 0; i < kCommandsAfterwards; ++i) {
        std::vector<std::string> ping{"PING"};
        co_await client.command(std::move(ping));
      }
      std::lock_guard lock(mutex);
      connection_ids.insert(id.integer);
      slowest = std::max(slowest, std::chrono::steady_clock::now() - started);
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex);
      failures.push_back(e.what());
    }
  }
};

TEST(RedisClient, FirstCommandsFromManyThreadsAtOnceShareOneConnection) {
  std::string url = redis_url();
  if (url.empty()) GTEST_SKIP() << "CREST_TEST_REDIS_URL is not set (./scripts/test sets it)";
  // Each round is a fresh client, so each round races on the first use again.
  for (int round = 0; round < 500; ++round) {
    asio::io_context ioc(FirstUse::kThreads);
    FirstUse first_use;
    {
      // A long timeout: a reply whose wake-up got lost would show as a command this slow.
      Client client(url, 20s);
      for (int i = 0; i < FirstUse::kThreads; ++i)
        asio::co_spawn(ioc, first_use.caller(client, ioc), asio::detached);
      std::vector<std::thread> threads;
      for (int i = 0; i < FirstUse::kThreads; ++i) threads.emplace_back([&] { ioc.run(); });
      for (auto& t : threads) t.join();
      client.close();
    }
    ASSERT_TRUE(first_use.failures.empty()) << "round " << round << ": " << first_use.failures.front();
    ASSERT_EQ(first_use.connection_ids.size(), 1u) << "round " << round << ": the first commands opened "
                                                    << first_use.connection_ids.size() << " connections";
    ASSERT_LT(first_use.slowest, 10s) << "round " << round << ": a reply was not delivered until the timeout";
  }
}

TEST(RedisClient, CommandsAfterCloseFailAsUnavailable) {
  std::string url = redis_url();
  if (url.empty()) GTEST_SKIP() << "CREST_TEST_REDIS_URL is not set (./scripts/test sets it)";
  asio::io_context ioc;
  Client client(url, 2s);
  client.close();
  std::string failure;
  auto ping_after_close = [&]() -> asio::awaitable<void> {  // named: it outlives the coroutine
    try {
      std::vector<std::string> ping{"PING"};
      co_await client.command(std::move(ping));
    } catch (const RedisUnavailable& e) {
      failure = e.what();
    }
  };
  asio::co_spawn(ioc, ping_after_close(), asio::detached);
  ioc.run();
  EXPECT_NE(failure.find("closed"), std::string::npos) << failure;
}

}  // namespace
}  // namespace crest::redis
