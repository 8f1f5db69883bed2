#include "core/auth/verified_tokens.hpp"

#include <gtest/gtest.h>

namespace crest::auth {
namespace {
using namespace std::chrono;

const system_clock::time_point kNow = system_clock::time_point(seconds(1'800'000'000));

AccessClaims claims_until(std::int64_t exp) { return {"user", "workspace", "Owner", "jti", exp - 900, exp, "session"}; }

TEST(VerifiedTokens, AHitNeedsTheExactTokenText) {
  VerifiedTokens verified;
  verified.remember("header.payload.signature", claims_until(1'800'000'100));
  auto hit = verified.find("header.payload.signature", kNow);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->sub, "user");
  EXPECT_FALSE(verified.find("header.payload.signaturf", kNow));
  EXPECT_FALSE(verified.find("header.payload.signature ", kNow));
}

TEST(VerifiedTokens, AnExpiredTokenIsNoLongerKnown) {
  VerifiedTokens verified;
  verified.remember("t", claims_until(1'800'000'100));
  EXPECT_TRUE(verified.find("t", kNow + seconds(99)));
  EXPECT_FALSE(verified.find("t", kNow + seconds(100)));
}

TEST(VerifiedTokens, StaysWithinItsCapacity) {
  VerifiedTokens verified(2);
  verified.remember("a", claims_until(1'800'000'100));
  verified.remember("b", claims_until(1'800'000'100));
  verified.remember("c", claims_until(1'800'000'100));  // full: starts over
  EXPECT_FALSE(verified.find("a", kNow));
  EXPECT_TRUE(verified.find("c", kNow));
}

}  // namespace
}  // namespace crest::auth
