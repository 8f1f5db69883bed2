// CSV uploads (imports): whatever the bytes, the reader never crashes, keeps its limits, finds
// the same records whichever pieces the input arrives in (the first byte picks the piece size),
// and resuming after any record (an import's checkpoint) reads the same rest.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "property.hpp"
#include "shared/csv/csv_reader.hpp"

namespace {
using crest::csv::CsvLimits;
using crest::csv::CsvReader;
using crest::csv::CsvRecord;

std::vector<CsvRecord> read(std::string_view text, std::size_t piece, const CsvLimits& limits, std::uint64_t offset = 0,
                            std::uint64_t line = 1) {
  CsvReader reader(limits, offset, line);
  std::vector<CsvRecord> out;
  for (std::size_t at = 0; at < text.size(); at += piece) reader.feed(text.substr(at, piece), out);
  reader.finish(out);
  return out;
}

bool same(const CsvRecord& a, const CsvRecord& b) {
  return a.fields == b.fields && a.line == b.line && a.end_offset == b.end_offset && a.next_line == b.next_line &&
         a.error == b.error;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t piece = 1 + data[0] % 17;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  CsvLimits limits{32, 8, 128};
  auto whole = read(text, text.size() + 1, limits);
  auto pieces = read(text, piece, limits);
  crest::fuzz::require(whole.size() == pieces.size(), "the same number of records whatever the pieces");
  std::uint64_t last_end = 0, last_line = 1;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    const auto& r = whole[i];
    crest::fuzz::require(same(r, pieces[i]), "the same records whatever the pieces");
    crest::fuzz::require(r.end_offset > last_end || (i == 0 && r.end_offset >= last_end), "records move forward");
    crest::fuzz::require(r.end_offset <= text.size(), "no record ends past the input");
    crest::fuzz::require(r.line >= last_line && r.next_line >= r.line, "lines never go back");
    crest::fuzz::require(r.error ? r.fields.empty() : !r.fields.empty(), "a record has fields or an error");
    crest::fuzz::require(r.fields.size() <= limits.max_fields, "no more columns than the limit");
    for (const auto& f : r.fields) crest::fuzz::require(f.size() <= limits.max_field_bytes, "no field over the limit");
    last_end = r.end_offset;
    last_line = r.next_line;
  }
  if (whole.size() > 1) {
    std::size_t k = data[0] % (whole.size() - 1);
    auto rest = read(text.substr(whole[k].end_offset), piece, limits, whole[k].end_offset, whole[k].next_line);
    crest::fuzz::require(rest.size() == whole.size() - k - 1, "resuming reads the same number of records");
    for (std::size_t i = 0; i < rest.size(); ++i)
      crest::fuzz::require(same(rest[i], whole[k + 1 + i]), "resuming reads the same records");
  }
  return 0;
}
