#include "shared/mail/mime_encoding.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace crest::mail {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (auto end = text.find("\r\n"); end != std::string::npos; end = text.find("\r\n", start)) {
    out.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  out.push_back(text.substr(start));
  return out;
}

TEST(QuotedPrintable, Utf8TextRoundTripsAndStaysAscii) {
  std::string text = "Grüße aus Köln — 日本語 ✓\nsecond line = equal\n";
  std::string encoded = quoted_printable_encode(text);
  EXPECT_TRUE(std::all_of(encoded.begin(), encoded.end(), [](char c) { return c > 0 && c < 127; }));
  EXPECT_NE(encoded.find("Gr=C3=BC=C3=9Fe"), std::string::npos) << encoded;
  EXPECT_NE(encoded.find("=3D"), std::string::npos);
  EXPECT_EQ(quoted_printable_decode(encoded), normalize_line_ends(text));
}

TEST(QuotedPrintable, EveryLineEndIsCrlf) {
  std::string encoded = quoted_printable_encode("a\nb\r\nc\rd");
  EXPECT_EQ(encoded, "a\r\nb\r\nc\r\nd");
}

TEST(QuotedPrintable, LongLinesGetSoftBreaksWithinSeventySixCharacters) {
  std::string text(300, 'x');
  text += std::string(100, '\xC3');  // =C3 tokens must not be split by a soft break either
  std::string encoded = quoted_printable_encode(text);
  for (const auto& line : lines_of(encoded)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(quoted_printable_decode(encoded), text);
}

TEST(QuotedPrintable, SpaceEndingALineIsEncoded) {
  EXPECT_EQ(quoted_printable_encode("trailing \nend\t"), "trailing=20\r\nend=09");
}

TEST(Base64, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
    bytes += static_cast<char>(0xF0 + i);
  }
  EXPECT_EQ(base64_encode("Man"), "TWFu");
  EXPECT_EQ(base64_encode("Ma"), "TWE=");
}

TEST(EncodedWords, NonAsciiSubjectIsSplitOnCharacterBoundariesAndDecodes) {
  std::string subject = "Einladung für Jürgen: 日本語のテキストがとても長い件名になります ✓✓✓";
  std::string encoded = encoded_words(subject);
  for (const auto& line : lines_of(encoded)) {
    std::string word = line.front() == ' ' ? line.substr(1) : line;
    EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
    EXPECT_LE(word.size(), 75u);
    std::string payload = base64_decode(word.substr(10, word.size() - 12));
    // Each word holds whole characters: it does not end inside a UTF-8 sequence.
    unsigned char last = static_cast<unsigned char>(payload.back());
    EXPECT_TRUE(last < 0x80 || (last & 0xC0) == 0x80) << line;
  }
  EXPECT_GT(lines_of(encoded).size(), 1u);
  EXPECT_EQ(decode_encoded_words(encoded), subject);
}

TEST(EncodedWords, DecodingKeepsTextAroundWords) {
  EXPECT_EQ(decode_encoded_words("Re: =?UTF-8?Q?caf=C3=A9_au_lait?= now"), "Re: café au lait now");
}

}  // namespace
}  // namespace crest::mail
