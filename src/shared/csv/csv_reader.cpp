#include "shared/csv/csv_reader.hpp"

#include <stdexcept>

#include "core/util/utf8.hpp"

namespace crest::csv {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";
}

CsvReader::CsvReader(CsvLimits limits, std::uint64_t start_offset, std::uint64_t start_line)
    : limits_(limits), offset_(start_offset), line_(start_line), record_line_(start_line), at_start_(start_offset == 0) {}

void CsvReader::breaks(std::string message) {
  if (!error_) error_ = std::move(message);
  fields_.clear();
  field_.clear();
}

void CsvReader::append(char c) {
  if (error_) return;
  if (field_.size() >= limits_.max_field_bytes)
    return breaks("A field is longer than " + std::to_string(limits_.max_field_bytes) + " bytes");
  if (++record_bytes_ > limits_.max_record_bytes)
    return breaks("The row is longer than " + std::to_string(limits_.max_record_bytes) + " bytes");
  field_ += c;
}

void CsvReader::end_field() {
  if (error_) return;
  if (fields_.size() >= limits_.max_fields)
    return breaks("The row has more than " + std::to_string(limits_.max_fields) + " columns");
  fields_.push_back(std::move(field_));
  field_.clear();
}

void CsvReader::end_record(std::vector<CsvRecord>& out) {
  CsvRecord record;
  record.line = record_line_;
  record.end_offset = offset_;
  record.next_line = line_;
  if (!error_) {
    for (std::size_t i = 0; i < fields_.size() && !error_; ++i)
      if (!is_valid_utf8(fields_[i])) error_ = "Column " + std::to_string(i + 1) + " is not valid UTF-8";
  }
  if (error_) {
    record.error = std::move(error_);
    out.push_back(std::move(record));
  } else if (!(fields_.size() == 1 && fields_.front().empty())) {  // an empty line is no record
    record.fields = std::move(fields_);
    out.push_back(std::move(record));
  }
  fields_.clear();
  field_.clear();
  error_.reset();
  record_bytes_ = 0;
  record_line_ = line_;
}

bool CsvReader::separates(char c, std::vector<CsvRecord>& out) {
  if (c == ',') {
    end_field();
    state_ = State::FieldStart;
  } else if (c == '\n') {
    ++line_;
    end_field();
    end_record(out);
    state_ = State::FieldStart;
  } else if (c == '\r') {
    end_field();
    state_ = State::AfterCr;
  } else {
    return false;
  }
  return true;
}

void CsvReader::feed(std::string_view bytes, std::vector<CsvRecord>& out) {
  if (finished_) throw std::logic_error("CsvReader::feed after finish");
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (at_start_) {
      if (bom_seen_.size() < kBom.size() && c == kBom[bom_seen_.size()]) {
        bom_seen_ += c;
        if (bom_seen_.size() == kBom.size()) {
          at_start_ = false;
          offset_ += kBom.size();
        }
        continue;
      }
      at_start_ = false;
      std::string replay = std::move(bom_seen_);  // the start of a BOM, then not: data after all
      bom_seen_.clear();
      feed(replay, out);
    }
    ++offset_;
    if (state_ == State::AfterCr) {
      ++line_;
      if (c == '\n') {
        end_record(out);  // CRLF: the record ends past the LF
        state_ = State::FieldStart;
        continue;
      }
      --offset_;  // a lone CR: the record ends before this byte
      end_record(out);
      ++offset_;
      state_ = State::FieldStart;
    }
    switch (state_) {
      case State::FieldStart:
      case State::Unquoted:
        if (separates(c, out)) break;
        if (c == '"' && state_ == State::FieldStart) {
          state_ = State::Quoted;
        } else {
          append(c);
          state_ = State::Unquoted;
        }
        break;
      case State::Quoted:
        if (c == '"') {
          state_ = State::QuoteInQuoted;
        } else {
          if (c == '\n') ++line_;
          append(c);
        }
        break;
      case State::QuoteInQuoted:
        if (c == '"') {
          append('"');
          state_ = State::Quoted;
        } else if (!separates(c, out)) {
          breaks("A quote inside a quoted field must be doubled (\"\")");
          state_ = State::Unquoted;
        }
        break;
      case State::AfterCr:
        break;  // handled above
    }
  }
}

void CsvReader::finish(std::vector<CsvRecord>& out) {
  if (finished_) return;
  if (at_start_ && !bom_seen_.empty()) {
    at_start_ = false;
    std::string replay = std::move(bom_seen_);
    bom_seen_.clear();
    feed(replay, out);
  }
  finished_ = true;
  switch (state_) {
    case State::AfterCr:
      ++line_;
      end_record(out);
      break;
    case State::Quoted:
      breaks("A quoted field is not closed before the end of the file");
      end_record(out);
      break;
    case State::FieldStart:
      if (fields_.empty() && field_.empty() && !error_) break;  // the input ended with a line break
      end_field();
      end_record(out);
      break;
    case State::Unquoted:
    case State::QuoteInQuoted:
      end_field();
      end_record(out);
      break;
  }
  state_ = State::FieldStart;
}

}  // namespace crest::csv
