// The subscriber against a real Redis (CREST_TEST_REDIS_URL; skipped without it): what is
// published reaches the handler, and a connection Redis drops is replaced and subscribed again.
#include "core/redis/redis_subscriber.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/redis/redis_client.hpp"

namespace crest::redis {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

std::string redis_url() {
  const char* url = std::getenv("CREST_TEST_REDIS_URL");
  return url ? url : "";
}

std::string unique_channel() {
  return "crest_test_subscriber:" + std::to_string(getpid()) + ":" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

// What the handlers saw. One I/O thread runs both the handlers and the scenario: no locks.
struct Seen {
  int subscriptions = 0;
  std::vector<std::string> payloads;
};

// Polls `condition` every 10 ms for at most `limit`; whether it became true.
asio::awaitable<bool> eventually(std::function<bool()> condition, std::chrono::milliseconds limit) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) co_return false;
    timer.expires_after(10ms);
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_return true;
}

asio::awaitable<void> publish(Client& client, const std::string& channel, const std::string& payload) {
  std::vector<std::string> command{"PUBLISH", channel, payload};
  co_await client.command(std::move(command));
}

// Runs `scenario` on a one-thread loop with a subscriber to `channel` and a client, then stops
// both (after the loop, as the application does). The scenario's failure comes back as text.
std::string run_scenario(const std::string& channel, Seen& seen,
                         std::function<asio::awaitable<void>(Subscriber&, Client&)> scenario) {
  asio::io_context ioc(1);
  Client client(redis_url(), 2s);
  SubscriberHandlers handlers{
      [&seen, channel](const std::string& on, const std::string& payload) {
        if (on == channel) seen.payloads.push_back(payload);
      },
      [&seen] { ++seen.subscriptions; }};
  Subscriber subscriber(redis_url(), {channel}, std::move(handlers), ReconnectBackoff{20ms, 200ms});
  std::string failure;
  asio::co_spawn(ioc, scenario(subscriber, client), [&](std::exception_ptr error) {
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        failure = e.what();
      }
    }
    ioc.stop();  // the subscriber and the client keep the loop busy
  });
  ioc.run();
  subscriber.stop();
  client.close();
  return failure;
}

TEST(RedisSubscriber, APublishedMessageReachesTheHandler) {
  if (redis_url().empty()) GTEST_SKIP() << "CREST_TEST_REDIS_URL is not set (./scripts/test sets it)";
  std::string channel = unique_channel();
  Seen seen;
  std::string failure = run_scenario(channel, seen, [&](Subscriber& subscriber, Client& client) -> asio::awaitable<void> {
    co_await subscriber.start();
    bool subscribed = co_await eventually([&] { return seen.subscriptions == 1; }, 5s);
    if (!subscribed) throw std::runtime_error("never subscribed");
    co_await publish(client, channel, "user-1");
    co_await publish(client, channel, std::string("a\0b", 3));  // payloads are bytes
    bool delivered = co_await eventually([&] { return seen.payloads.size() == 2; }, 5s);
    if (!delivered) throw std::runtime_error("the messages never arrived");
  });
  ASSERT_EQ(failure, "");
  EXPECT_EQ(seen.payloads, (std::vector<std::string>{"user-1", std::string("a\0b", 3)}));
}

// The connections of this process that are in pub/sub mode and newer than `after` (a CLIENT ID
// taken before the subscriber connected): the subscriber's, not another test's.
asio::awaitable<std::vector<std::string>> pubsub_clients_since(Client& client, std::int64_t after) {
  std::vector<std::string> list{"CLIENT", "LIST", "TYPE", "pubsub"};
  auto reply = co_await client.command(std::move(list));
  std::vector<std::string> ids;
  std::istringstream lines(reply.text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("id=")) continue;
    std::string id = line.substr(3, line.find(' ') - 3);
    if (std::stoll(id) > after) ids.push_back(id);
  }
  co_return ids;
}

TEST(RedisSubscriber, AfterRedisDropsTheConnectionItSubscribesAgainAndReceivesLaterMessages) {
  if (redis_url().empty()) GTEST_SKIP() << "CREST_TEST_REDIS_URL is not set (./scripts/test sets it)";
  std::string channel = unique_channel();
  Seen seen;
  std::string failure = run_scenario(channel, seen, [&](Subscriber& subscriber, Client& client) -> asio::awaitable<void> {
    std::vector<std::string> client_id{"CLIENT", "ID"};
    auto before = co_await client.command(std::move(client_id));
    co_await subscriber.start();
    bool subscribed = co_await eventually([&] { return seen.subscriptions == 1; }, 5s);
    if (!subscribed) throw std::runtime_error("never subscribed");
    co_await publish(client, channel, "before");
    bool first = co_await eventually([&] { return seen.payloads.size() == 1; }, 5s);
    if (!first) throw std::runtime_error("the first message never arrived");

    // What `CLIENT KILL TYPE pubsub` does, limited to this subscriber's connection.
    auto ids = co_await pubsub_clients_since(client, before.integer);
    if (ids.empty()) throw std::runtime_error("no pub/sub connection to kill");
    for (const auto& id : ids) {
      std::vector<std::string> kill{"CLIENT", "KILL", "ID", id};
      co_await client.command(std::move(kill));
    }
    bool again = co_await eventually([&] { return seen.subscriptions == 2; }, 5s);
    if (!again) throw std::runtime_error("never subscribed again after the connection was killed");
    auto replaced = co_await pubsub_clients_since(client, before.integer);
    if (replaced.size() != 1 || replaced.front() == ids.front())
      throw std::runtime_error("expected one new pub/sub connection");
    co_await publish(client, channel, "after");
    bool later = co_await eventually([&] { return seen.payloads.size() == 2; }, 5s);
    if (!later) throw std::runtime_error("the message after the reconnect never arrived");
  });
  ASSERT_EQ(failure, "");
  EXPECT_EQ(seen.payloads, (std::vector<std::string>{"before", "after"}));
  EXPECT_EQ(seen.subscriptions, 2);
}

TEST(RedisSubscriber, StopWithoutStartIsHarmless) {
  Subscriber subscriber("redis://127.0.0.1:1/0", {"nothing"}, {});
  subscriber.stop();
  subscriber.stop();
}

}  // namespace
}  // namespace crest::redis
