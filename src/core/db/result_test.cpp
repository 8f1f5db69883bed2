#include "core/db/result.hpp"

#include <gtest/gtest.h>

namespace crest::db {
namespace {

TEST(NormalizeTimestamp, EitherEnginesSpellingBecomesIsoUtcWithMilliseconds) {
  EXPECT_EQ(normalize_timestamp("2026-11-23 16:12:29.123+00"), "2026-11-23T16:12:29.123Z");  // PostgreSQL
  EXPECT_EQ(normalize_timestamp("2026-11-23 16:12:29.1+00"), "2026-11-23T16:12:29.100Z");
  EXPECT_EQ(normalize_timestamp("2026-11-23 16:12:29+00"), "2026-11-23T16:12:29.000Z");
  EXPECT_EQ(normalize_timestamp("2026-11-23T16:12:29.123456Z"), "2026-11-23T16:12:29.123Z");
  EXPECT_EQ(normalize_timestamp("2026-11-23T16:12:29.123Z"), "2026-11-23T16:12:29.123Z");  // SQLite
}

TEST(NormalizeTimestamp, ShorterTextIsLeftAlone) { EXPECT_EQ(normalize_timestamp("2026-11-23"), "2026-11-23"); }

}  // namespace
}  // namespace crest::db
