#include "core/util/percent_encoding.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/util/utf8.hpp"

namespace crest {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlusInQueries) {
  EXPECT_EQ(percent_decode("0192f1a2-7b3c"), "0192f1a2-7b3c");
  EXPECT_EQ(percent_decode("caf%C3%A9%20bar"), "caf\xC3\xA9 bar");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
}

TEST(PercentDecode, MalformedEscapesAreRefused) {
  for (const char* text : {"100%", "%zz", "%4", "a%", "%%41", "%G0"})
    EXPECT_FALSE(try_percent_decode(text)) << text;
  EXPECT_THROW(percent_decode("100%"), BadRequest);
}

TEST(PercentDecode, EscapesThatAreNotUtf8OrNulAreRefused) {
  for (const char* text : {"%ff", "%C3", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "a%00b"})
    EXPECT_FALSE(try_percent_decode(text, true)) << text;
}

TEST(PercentDecode, RawBytesThatAreNotUtf8AreRefusedToo) {
  EXPECT_FALSE(try_percent_decode("caf\xE9"));
  EXPECT_EQ(try_percent_decode("caf\xC3\xA9").value(), "caf\xC3\xA9");
}

TEST(Utf8, AcceptsWhatRfc3629AllowsAndNothingElse) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii text, longer than eight bytes"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));                      // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));                          // U+D7FF
  EXPECT_FALSE(is_valid_utf8("\x80"));                                 // lone continuation
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));                             // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));                         // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));                         // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));                     // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("abcdefgh\xC3"));                         // truncated at the end
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xE2\x28\xA1"));                         // bad continuation
}

}  // namespace
}  // namespace crest
