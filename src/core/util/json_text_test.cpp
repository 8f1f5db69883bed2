#include "core/util/json_text.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace crest {
namespace {

TEST(JsonText, NumbersAreAppendedAsJsonShowsThem) {
  std::string out;
  append_json_number(out, std::int64_t{-42});
  out += ' ';
  append_json_number(out, 12.345);
  out += ' ';
  append_json_number(out, 2.0);
  out += ' ';
  append_json_number(out, 0.001);
  EXPECT_EQ(out, "-42 12.345 2 0.001");
}

TEST(JsonText, StringsAreEscapedSoThatJsonReadsThemBackUnchanged) {
  std::string every_ascii;
  for (int c = 1; c < 128; ++c) every_ascii += static_cast<char>(c);
  for (const std::string& text : {every_ascii, std::string("plain"), std::string(), std::string("\"\\\n")}) {
    std::string out;
    append_json_string(out, text);
    boost::system::error_code ec;
    auto value = boost::json::parse(out, ec);
    ASSERT_FALSE(ec) << out;
    EXPECT_EQ(value.as_string(), text) << out;
  }
  std::string out;
  append_json_string(out, "a\x01\"b");
  EXPECT_EQ(out, R"("a\u0001\"b")");
}

TEST(JsonText, EveryCharacterAtEveryPositionOfALongStringIsEscapedAsBoostDoes) {
  // (Long strings are checked eight bytes at a time: this covers each byte of such a word.)
  for (int c = 1; c < 128; ++c) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string text(20, 'a');
      text[at] = static_cast<char>(c);
      std::string out;
      append_json_string(out, text);
      ASSERT_EQ(out, boost::json::serialize(boost::json::string(text))) << "character " << c << " at " << at;
    }
  }
  std::string utf8 = "caf\u00e9 na\u00efve \u65e5\u672c";
  std::string out;
  append_json_string(out, utf8);
  EXPECT_EQ(out, '"' + utf8 + '"');
}

TEST(JsonText, NonFiniteNumbersBecomeNull) {
  std::string out;
  append_json_number(out, std::numeric_limits<double>::infinity());
  out += ' ';
  append_json_number(out, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(out, "null null");
}

TEST(JsonText, ValuesReadBackAsTheSameValue) {
  auto original = boost::json::parse(R"({"id":"01a2","n":-3,"big":18446744073709551615,"x":1.5,"ok":true,
      "none":null,"list":[1,"two",{"three":[]},{}],"text":"line\nbreak \"quoted\" \\ tab\t é"})");
  std::string out;
  append_json(out, original);
  EXPECT_EQ(boost::json::parse(out), original) << out;
}

TEST(JsonText, WritesTheSameTextAsBoostSerializeWithoutDoubles) {
  boost::json::value view = {{"id", "c-1"}, {"count", 0}, {"owner", {{"name", "Ada \"A\""}}}, {"tags", {"a", "b"}},
                             {"deleted", nullptr}, {"ctrl", "\b\f\x1f"}};
  std::string out;
  append_json(out, view);
  EXPECT_EQ(out, boost::json::serialize(view));
}

}  // namespace
}  // namespace crest
