#include "core/util/time.hpp"

#include <gtest/gtest.h>

namespace crest {
namespace {

std::string utc(std::string_view text) {
  auto at = parse_iso8601(text);
  return at ? iso8601(*at) : "<invalid>";
}

TEST(Iso8601, OffsetsBecomeTheSameInstantInUtc) {
  EXPECT_EQ(utc("2026-11-23T17:34:51.123Z"), "2026-11-23T17:34:51.123Z");
  EXPECT_EQ(utc("2026-11-23T19:34:51.123+02:00"), "2026-11-23T17:34:51.123Z");
  EXPECT_EQ(utc("2026-11-23T12:04:51-05:30"), "2026-11-23T17:34:51.000Z");
  EXPECT_EQ(utc("2026-01-01T01:00:00+02:00"), "2025-12-31T23:00:00.000Z");  // across a year
  EXPECT_EQ(utc("2026-11-23T17:34:51.5Z"), "2026-11-23T17:34:51.500Z");
  EXPECT_EQ(utc("2026-11-23T17:34:51.123456Z"), "2026-11-23T17:34:51.123Z");
}

TEST(Iso8601, InstantsBefore1970KeepTheirMilliseconds) {
  using namespace std::chrono;
  EXPECT_EQ(iso8601(system_clock::time_point(milliseconds(-1))), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(iso8601(system_clock::time_point(milliseconds(1))), "1970-01-01T00:00:00.001Z");
}

TEST(Iso8601, YearsAClockCannotHoldAreRefusedNotWrapped) {
  // system_clock counts nanoseconds: years 1678 to 2261 (found by the iso8601 fuzz target).
  for (const char* text : {"0000-01-01T00:00:00Z", "0000-01-01T00:00:00+05:00", "9999-12-31T23:59:59.999Z",
                           "9999-12-31T23:59:59-23:59", "1677-09-21T00:12:43.145Z", "2262-04-11T23:47:16.855Z"})
    EXPECT_FALSE(parse_iso8601(text)) << text;
  auto late = parse_iso8601("2262-04-11T23:47:16.854Z");
  ASSERT_TRUE(late);
  EXPECT_EQ(iso8601(*late), "2262-04-11T23:47:16.854Z");
  auto early = parse_iso8601("1677-09-21T00:12:43.146Z");
  ASSERT_TRUE(early);
  EXPECT_EQ(iso8601(*early), "1677-09-21T00:12:43.146Z");
}

TEST(Iso8601, RefusesWhatIsNotADateTime) {
  for (std::string_view bad : {"", "2026-11-23", "2026-02-30T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T17:34:51",
                               "2026-11-23T17:34:51+0200", "2026-11-23T17:34:51.Z", "2026-11-23T17:34:51Zjunk"})
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
}

TEST(Iso8601, UtcSpellingsSortAsTheInstantsDo) {
  EXPECT_LT(utc("2026-11-23T23:59:00+02:00"), utc("2026-11-23T22:00:00Z"));
}

}  // namespace
}  // namespace crest
