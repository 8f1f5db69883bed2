#pragma once
// CSV out, per RFC 4180: fields separated by commas, rows ended by CRLF, a field holding a comma,
// a quote, CR or LF quoted with its quotes doubled. A field a spreadsheet would run as a formula
// (starting with =, +, -, @, a tab or CR) is prefixed with an apostrophe and quoted, so a company
// named "=HYPERLINK(...)" stays text when the export is opened (OWASP's CSV injection advice).
//
//   csv::CsvWriter out;
//   out.row({"id", "name"});
//   out.field(id); out.field(name); out.end_row();
//   writer.write(out.text()); out.clear();
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace crest::csv {

class CsvWriter {
 public:
  void field(std::string_view value);
  void field(const std::string& value) { field(std::string_view(value)); }
  void field(const char* value) { field(std::string_view(value)); }
  void field(const std::optional<std::string>& value) { field(value ? std::string_view(*value) : std::string_view()); }
  void end_row();
  void row(std::initializer_list<std::string_view> fields);

  const std::string& text() const noexcept { return out_; }
  std::size_t size() const noexcept { return out_.size(); }
  void clear() noexcept { out_.clear(); first_ = true; }

 private:
  std::string out_;
  bool first_ = true;  // no comma before the row's first field
};

// Whether a spreadsheet would read the cell as a formula.
bool looks_like_formula(std::string_view value) noexcept;

}  // namespace crest::csv
