#include "shared/csv/csv_writer.hpp"

#include <gtest/gtest.h>

namespace crest::csv {
namespace {

TEST(CsvWriter, PlainFieldsAreWrittenAsTheyAreWithCrlfRows) {
  CsvWriter out;
  out.row({"id", "name"});
  out.row({"1", "Acme Inc"});
  EXPECT_EQ(out.text(), "id,name\r\n1,Acme Inc\r\n");
}

TEST(CsvWriter, CommasQuotesAndLineBreaksAreQuotedWithQuotesDoubled) {
  CsvWriter out;
  out.row({"a,b", "say \"hi\"", "two\nlines", "cr\rhere", ""});
  EXPECT_EQ(out.text(), "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\r\n");
}

TEST(CsvWriter, FormulaLookingCellsArePrefixedAndQuoted) {
  CsvWriter out;
  out.row({"=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "a=b"});
  EXPECT_EQ(out.text(), "\"'=HYPERLINK(\"\"http://x\"\")\",\"'+1\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",a=b\r\n");
}

TEST(CsvWriter, AnAbsentFieldIsEmptyAndClearStartsOver) {
  CsvWriter out;
  out.field(std::optional<std::string>{});
  out.field(std::optional<std::string>{"x"});
  out.end_row();
  EXPECT_EQ(out.text(), ",x\r\n");
  out.clear();
  out.row({"y"});
  EXPECT_EQ(out.text(), "y\r\n");
}

}  // namespace
}  // namespace crest::csv
