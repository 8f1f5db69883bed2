#include "core/util/utf8.hpp"

#include <cstdint>

namespace crest {

bool is_valid_utf8(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    // ASCII runs, eight bytes at a time where they can be read at once.
    while (end - p >= 8) {
      std::uint64_t word = 0;
      for (int i = 0; i < 8; ++i) word |= std::uint64_t{p[i]} << (8 * i);
      if (word & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p == end) break;
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int continuation = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      continuation = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      continuation = 2;
      if (c == 0xE0) low = 0xA0;   // overlong
      if (c == 0xED) high = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      continuation = 3;
      if (c == 0xF0) low = 0x90;   // overlong
      if (c == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
      return false;  // a continuation byte first, C0/C1 (overlong), or F5..FF
    }
    if (end - p <= continuation) return false;
    if (p[1] < low || p[1] > high) return false;
    for (int i = 2; i <= continuation; ++i)
      if ((p[i] & 0xC0) != 0x80) return false;
    p += continuation + 1;
  }
  return true;
}

}  // namespace crest
