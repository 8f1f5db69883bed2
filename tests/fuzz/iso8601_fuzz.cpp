// Dates as clients write them. Whatever parse_iso8601 accepts, crest stores as iso8601(t), and
// reads back with parse_iso8601: that spelling must give back the same instant.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "core/util/time.hpp"
#include "property.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto instant = crest::parse_iso8601(text);
  if (!instant) return 0;
  std::string spelling = crest::iso8601(*instant);
  auto again = crest::parse_iso8601(spelling);
  if (!again || *again != *instant) {
    std::string back = again ? crest::iso8601(*again) : "nothing";
    std::fprintf(stderr, "'%.*s' is stored as '%s', which reads back as %s\n", static_cast<int>(text.size()),
                 text.data(), spelling.c_str(), back.c_str());
    crest::fuzz::require(false, "iso8601(t) parses back to t");
  }
  return 0;
}
