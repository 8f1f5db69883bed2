#include "core/queue/backoff.hpp"

#include <gtest/gtest.h>

namespace crest::queue {
namespace {
using std::chrono::milliseconds;

TEST(Backoff, ExponentialDoublesUpToItsCap) {
  auto b = Backoff::exponential(milliseconds(1'000), milliseconds(10'000), false);
  EXPECT_EQ(b.delay_after(1, 0.5), milliseconds(1'000));
  EXPECT_EQ(b.delay_after(2, 0.5), milliseconds(2'000));
  EXPECT_EQ(b.delay_after(4, 0.5), milliseconds(8'000));
  EXPECT_EQ(b.delay_after(5, 0.5), milliseconds(10'000));
  EXPECT_EQ(b.delay_after(1'000, 0.5), milliseconds(10'000)) << "no overflow however many attempts";
}

TEST(Backoff, JitterStaysBetweenHalfAndAllOfTheDelay) {
  auto b = Backoff::exponential(milliseconds(1'000), milliseconds(60'000));
  EXPECT_EQ(b.delay_after(3, 0.0), milliseconds(2'000));
  EXPECT_EQ(b.delay_after(3, 0.999999), milliseconds(3'999));
  EXPECT_EQ(b.delay_after(3, 0.5), milliseconds(3'000));
}

TEST(Backoff, FixedIsTheSameEveryTime) {
  auto b = Backoff::fixed(milliseconds(250));
  EXPECT_EQ(b.delay_after(1, 0.9), milliseconds(250));
  EXPECT_EQ(b.delay_after(9, 0.1), milliseconds(250));
}

TEST(Backoff, RoundTripsThroughItsJson) {
  auto b = Backoff::exponential(milliseconds(5), milliseconds(50), false);
  auto back = Backoff::from_json(b.to_json());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, Backoff::Kind::Exponential);
  EXPECT_EQ(back->base, milliseconds(5));
  EXPECT_EQ(back->cap, milliseconds(50));
  EXPECT_FALSE(back->jitter);
  EXPECT_FALSE(Backoff::from_json(boost::json::object{{"type", "fixed"}}));
}

}  // namespace
}  // namespace crest::queue
