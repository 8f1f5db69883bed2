#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "core/pipeline/guards.hpp"

namespace crest {
namespace {

RateLimitDecision hit(RateLimitStore& store, const std::string& key, int limit, std::chrono::seconds window) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, store.hit(key, limit, window), boost::asio::use_future);
  io.run();
  return future.get();
}

TEST(MemoryRateLimitStore, CountsPerKeyWithinTheWindow) {
  auto store = make_memory_rate_limit_store(10);
  EXPECT_TRUE(hit(*store, "a", 2, std::chrono::seconds(60)).allowed);
  auto second = hit(*store, "a", 2, std::chrono::seconds(60));
  EXPECT_TRUE(second.allowed);
  EXPECT_EQ(second.remaining, 0);
  EXPECT_FALSE(hit(*store, "a", 2, std::chrono::seconds(60)).allowed);
  EXPECT_TRUE(hit(*store, "b", 2, std::chrono::seconds(60)).allowed);  // another key, its own count
}

TEST(MemoryRateLimitStore, AFloodOfNewKeysCannotGrowItPastItsCapacity) {
  auto store = make_memory_rate_limit_store(100);
  EXPECT_FALSE(hit(*store, "x", 0, std::chrono::seconds(3600)).allowed);
  for (int i = 0; i < 10'000; ++i) hit(*store, "flood-" + std::to_string(i), 5, std::chrono::seconds(60));
  // Room is made by the windows that close soonest: the one-minute flood's, not the hour-long "x".
  EXPECT_FALSE(hit(*store, "x", 0, std::chrono::seconds(3600)).allowed);
  // And a key evicted by the flood starts a fresh window: the store stayed bounded.
  EXPECT_TRUE(hit(*store, "flood-0", 1, std::chrono::seconds(60)).allowed);
}

}  // namespace
}  // namespace crest
