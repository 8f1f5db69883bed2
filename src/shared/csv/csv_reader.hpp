#pragma once
// CSV in, per RFC 4180, fed as it arrives (a 10 MB upload is read a piece at a time): fields
// separated by commas, quoted fields holding commas, line breaks and doubled quotes, records
// ended by CRLF, LF or a lone CR, a UTF-8 byte-order mark at the very start skipped, empty lines
// skipped. Every record says the line it starts on and the byte offset just past it, so a reader
// can resume after the last record it committed (CsvReader(limits, offset, line)).
//
// Hostile input costs bounded memory: a field over max_field_bytes, a record over max_fields or
// max_record_bytes, a stray quote after a quoted field or invalid UTF-8 makes that record a broken
// one (its error set, its fields dropped) and reading goes on with the next record; an
// unterminated quote ends the input with one broken record naming the line it opened on.
//
//   csv::CsvReader reader;
//   std::vector<csv::CsvRecord> records;
//   reader.feed(piece, records);   // as often as there are pieces
//   reader.finish(records);        // at the end
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crest::csv {

struct CsvLimits {
  std::size_t max_field_bytes = 64 * 1024;
  std::size_t max_fields = 512;
  std::size_t max_record_bytes = 1024 * 1024;
};

struct CsvRecord {
  std::vector<std::string> fields;
  std::uint64_t line = 0;        // where the record starts, from 1
  std::uint64_t end_offset = 0;  // the byte just past its line break (resume from here)
  std::uint64_t next_line = 0;   // the line at end_offset (resume with it)
  std::optional<std::string> error;  // set: the record is broken and `fields` is empty
};

class CsvReader {
 public:
  explicit CsvReader(CsvLimits limits = {}, std::uint64_t start_offset = 0, std::uint64_t start_line = 1);

  // Appends each record `bytes` completes to `out`.
  void feed(std::string_view bytes, std::vector<CsvRecord>& out);
  // The end of the input: the last record when no line break ended it, or the broken record of an
  // unterminated quote. Feeding after finish() is a logic error.
  void finish(std::vector<CsvRecord>& out);

  // Where the next record would start.
  std::uint64_t offset() const noexcept { return offset_; }
  std::uint64_t line() const noexcept { return line_; }

 private:
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterCr };
  void end_field();
  void end_record(std::vector<CsvRecord>& out);
  // A comma, LF or CR outside quotes: ends the field (and the record); false for any other byte.
  bool separates(char c, std::vector<CsvRecord>& out);
  void append(char c);
  void breaks(std::string message);

  CsvLimits limits_;
  std::uint64_t offset_;  // absolute offset of the next byte fed
  std::uint64_t line_;    // the line of the next byte fed
  std::uint64_t record_line_;
  State state_ = State::FieldStart;
  bool at_start_;       // nothing read yet: a BOM may come
  std::string bom_seen_;  // the BOM's bytes read so far
  std::vector<std::string> fields_;
  std::string field_;
  std::size_t record_bytes_ = 0;
  std::optional<std::string> error_;
  bool finished_ = false;
};

}  // namespace crest::csv
