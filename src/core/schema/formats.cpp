#include "core/schema/formats.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>

#include "core/util/time.hpp"
#include "core/util/text.hpp"

namespace crest::schema {

std::string_view trimmed(std::string_view s) { return trim_whitespace(s); }

std::size_t utf16_length(std::string_view utf8) {
  std::size_t units = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    units += (c >= 0xF0) ? 2 : 1;      // 4-byte sequences are surrogate pairs
  }
  return units;
}

namespace {

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

// Zod 3.23's email pattern, read by hand in one pass instead of by a backtracking engine:
//   ^(?!\.)(?!.*\.\.)([A-Z0-9_'+\-\.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}$   (case-insensitive)
// that is: no leading dot and no ".." anywhere; a local part of [A-Z0-9_'+.-] not ending in ' or .;
// one @; then labels of [A-Z0-9-] starting with a letter or digit, and a last label of two or
// more letters.
bool is_email(std::string_view s) {
  if (s.size() > 320 || s.empty() || s.front() == '.' || s.find("..") != std::string_view::npos) return false;
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  for (char c : local)
    if (!is_ascii_alnum(c) && std::string_view("_'+-.").find(c) == std::string_view::npos) return false;
  if (local.back() == '\'' || local.back() == '.') return false;
  auto last_dot = domain.rfind('.');
  if (last_dot == std::string_view::npos) return false;
  std::string_view top = domain.substr(last_dot + 1);
  if (top.size() < 2 || !std::all_of(top.begin(), top.end(), is_ascii_alpha)) return false;
  std::string_view labels = domain.substr(0, last_dot + 1);  // "a.b." (each label ends in a dot)
  while (!labels.empty()) {
    auto dot = labels.find('.');
    std::string_view label = labels.substr(0, dot);
    if (label.empty() || !is_ascii_alnum(label.front())) return false;
    for (char c : label)
      if (!is_ascii_alnum(c) && c != '-') return false;
    labels.remove_prefix(dot + 1);
  }
  return true;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool is_url(std::string_view s) {
  auto parsed = boost::urls::parse_absolute_uri(s);
  return parsed.has_value() && !parsed->scheme().empty();
}

// Zod's datetime({ offset: true }): one parser for what validation accepts and what the
// services read (core/util/time).
bool is_iso_datetime(std::string_view s) { return parse_iso8601(s).has_value(); }

}  // namespace crest::schema
