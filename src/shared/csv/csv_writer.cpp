#include "shared/csv/csv_writer.hpp"

namespace crest::csv {

bool looks_like_formula(std::string_view value) noexcept {
  if (value.empty()) return false;
  char c = value.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void CsvWriter::field(std::string_view value) {
  if (!first_) out_ += ',';
  first_ = false;
  bool formula = looks_like_formula(value);
  bool quote = formula || value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out_ += value;
    return;
  }
  out_ += '"';
  if (formula) out_ += '\'';
  for (char c : value) {
    if (c == '"') out_ += '"';
    out_ += c;
  }
  out_ += '"';
}

void CsvWriter::end_row() {
  out_ += "\r\n";
  first_ = true;
}

void CsvWriter::row(std::initializer_list<std::string_view> fields) {
  for (auto f : fields) field(f);
  end_row();
}

}  // namespace crest::csv
