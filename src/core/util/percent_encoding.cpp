#include "core/util/percent_encoding.hpp"

#include "core/errors.hpp"
#include "core/util/utf8.hpp"

namespace crest {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> try_percent_decode(std::string_view text, bool plus_is_space) {
  bool has_escape = text.find('%') != std::string_view::npos;
  if (!has_escape && (!plus_is_space || text.find('+') == std::string_view::npos)) {
    // Most paths and values: nothing to decode, only to check.
    if (text.find('\0') != std::string_view::npos || !is_valid_utf8(text)) return std::nullopt;
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += (plus_is_space && c == '+') ? ' ' : c;
    }
  }
  if (out.find('\0') != std::string::npos || !is_valid_utf8(out)) return std::nullopt;
  return out;
}

namespace {

[[noreturn]] void refuse(std::string_view what) {
  throw BadRequest("Invalid percent-encoding in " + std::string(what) +
                   ": escapes must be %XX and decode to UTF-8 text without NUL");
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space, std::string_view what) {
  auto decoded = try_percent_decode(text, plus_is_space);
  if (!decoded) refuse(what);
  return std::move(*decoded);
}

void require_percent_decodes(std::string_view text, std::string_view what) {
  bool fine = text.find('%') == std::string_view::npos
                  ? text.find('\0') == std::string_view::npos && is_valid_utf8(text)
                  : try_percent_decode(text).has_value();
  if (!fine) refuse(what);
}

}  // namespace crest
