#include "common/pg_text_array.hpp"

#include <gtest/gtest.h>

namespace crest::common {
namespace {

std::string literal_of(const db::Params& values) {
  PgTextArray array;
  for (const auto& v : values) array.push(v);
  return array.literal();
}

TEST(PgTextArray, QuotesEveryTextEscapesQuotesAndBackslashesAndKeepsNullsApart) {
  EXPECT_EQ(literal_of({}), "{}");
  EXPECT_EQ(literal_of({std::string("a"), nullptr, std::string("")}), R"({"a",NULL,""})");
  EXPECT_EQ(literal_of({std::string("NULL")}), R"({"NULL"})") << "the word is text, not a null";
  EXPECT_EQ(literal_of({std::string(R"(say "hi" \o/)")}), R"({"say \"hi\" \\o/"})");
  EXPECT_EQ(literal_of({std::string("a,b}{c\nd")}), "{\"a,b}{c\nd\"}") << "delimiters inside quotes are data";
  EXPECT_THROW(literal_of({std::int64_t{1}}), std::logic_error);
}

}  // namespace
}  // namespace crest::common
