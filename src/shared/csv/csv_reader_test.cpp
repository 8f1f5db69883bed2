#include "shared/csv/csv_reader.hpp"

#include <gtest/gtest.h>

#include "shared/csv/csv_writer.hpp"

namespace crest::csv {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::vector<CsvRecord> read_all(std::string_view text, std::size_t piece = 0, CsvLimits limits = {}) {
  CsvReader reader(limits);
  std::vector<CsvRecord> out;
  if (piece == 0) piece = text.size() + 1;
  for (std::size_t at = 0; at < text.size(); at += piece) reader.feed(text.substr(at, piece), out);
  reader.finish(out);
  return out;
}

Rows fields_of(const std::vector<CsvRecord>& records) {
  Rows out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}

TEST(CsvReader, QuotedFieldsHoldCommasLineBreaksAndDoubledQuotes) {
  auto records = read_all("name,note\r\n\"Acme, Inc\",\"says \"\"hi\"\"\nand more\"\r\nplain,\r\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(fields_of(records), (Rows{{"name", "note"}, {"Acme, Inc", "says \"hi\"\nand more"}, {"plain", ""}}));
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[2].line, 4u) << "a line break inside a quoted field counts as a line";
}

TEST(CsvReader, LfCrlfAndALoneCrEndRecordsAndTheLastNeedsNoLineBreak) {
  EXPECT_EQ(fields_of(read_all("a,b\nc,d\r\ne,f\rg,h")), (Rows{{"a", "b"}, {"c", "d"}, {"e", "f"}, {"g", "h"}}));
}

TEST(CsvReader, ABomAtTheStartIsSkippedAndEmptyLinesAreNoRecords) {
  auto records = read_all("\xEF\xBB\xBFid\n\n\nx\n");
  EXPECT_EQ(fields_of(records), (Rows{{"id"}, {"x"}}));
  EXPECT_EQ(records[1].line, 4u);
  EXPECT_EQ(fields_of(read_all("\xEF\xBB\xBEx\n")), (Rows{{"\xEF\xBB\xBEx"}})) << "U+FEFE starts like a BOM and is data";
  auto half = read_all("\xEF\xBBx\n");
  ASSERT_EQ(half.size(), 1u);
  EXPECT_EQ(half[0].error, "Column 1 is not valid UTF-8") << "half a BOM is data, and then not UTF-8";
}

TEST(CsvReader, TheSameRecordsWhateverThePiecesTheInputComesIn) {
  std::string text = "\xEF\xBB\xBFh1,h2\r\n\"a\r\nb\",\"c\"\"\"\r\nd,e\r\r\nf";
  auto whole = read_all(text);
  for (std::size_t piece = 1; piece < text.size(); ++piece) {
    auto pieces = read_all(text, piece);
    ASSERT_EQ(fields_of(pieces), fields_of(whole)) << "pieces of " << piece;
    for (std::size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(pieces[i].line, whole[i].line);
      EXPECT_EQ(pieces[i].end_offset, whole[i].end_offset);
    }
  }
}

TEST(CsvReader, ReadingResumesAfterAnyRecordWithTheSameRecordsAndLines) {
  std::string text = "h\r\n\"x\ny\"\r\nb\nc\rd\r\n";
  auto whole = read_all(text);
  ASSERT_EQ(whole.size(), 5u);
  for (std::size_t k = 0; k + 1 < whole.size(); ++k) {
    CsvReader reader({}, whole[k].end_offset, whole[k].next_line);
    std::vector<CsvRecord> rest;
    reader.feed(std::string_view(text).substr(whole[k].end_offset), rest);
    reader.finish(rest);
    ASSERT_EQ(rest.size(), whole.size() - k - 1) << "after record " << k;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      EXPECT_EQ(rest[i].fields, whole[k + 1 + i].fields);
      EXPECT_EQ(rest[i].line, whole[k + 1 + i].line);
    }
  }
}

TEST(CsvReader, ABrokenRecordSaysWhyAndReadingGoesOnWithTheNext) {
  CsvLimits limits{8, 3, 64};
  auto records = read_all("ok\n123456789\na,b,c,d\n\"x\"y\nbad\xff\nlast\n", 0, limits);
  ASSERT_EQ(records.size(), 6u);
  EXPECT_FALSE(records[0].error);
  EXPECT_EQ(*records[1].error, "A field is longer than 8 bytes");
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(*records[2].error, "The row has more than 3 columns");
  EXPECT_EQ(*records[3].error, "A quote inside a quoted field must be doubled (\"\")");
  EXPECT_EQ(*records[4].error, "Column 1 is not valid UTF-8");
  EXPECT_TRUE(records[1].fields.empty());
  EXPECT_EQ(records[5].fields, (std::vector<std::string>{"last"}));
  EXPECT_EQ(records[5].line, 6u);
}

TEST(CsvReader, AnUnterminatedQuoteIsOneBrokenRecordAtTheLineItStarts) {
  auto records = read_all("a\nb,\"never closed\nmore\nlines\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(*records[1].error, "A quoted field is not closed before the end of the file");
  EXPECT_EQ(records[1].line, 2u);
}

TEST(CsvReader, AMillionColumnsOrAHugeFieldCostBoundedMemory) {
  std::string wide(1'000'000, ',');
  auto records = read_all(wide + "\nnext\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].error);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"next"}));
  std::string huge = "\"" + std::string(10'000'000, 'x') + "\"\nnext\n";
  records = read_all(huge, 65'536);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(*records[0].error, "A field is longer than 65536 bytes");
}

TEST(CsvReader, WhatTheWriterWritesReadsBack) {
  CsvWriter out;
  out.row({"a,b", "say \"hi\"", "two\r\nlines", "", "plain"});
  auto records = read_all(out.text());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (std::vector<std::string>{"a,b", "say \"hi\"", "two\r\nlines", "", "plain"}));
}

TEST(CsvReader, AnEmptyInputHasNoRecords) {
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(read_all("\r\n\n").empty());
}

}  // namespace
}  // namespace crest::csv
