#include "core/schema/formats.hpp"

#include <boost/url/parse.hpp>

#include <regex>

#include "core/util/time.hpp"

namespace crest::schema {

std::string_view trimmed(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t utf16_length(std::string_view utf8) {
  std::size_t units = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    units += (c >= 0xF0) ? 2 : 1;      // 4-byte sequences are surrogate pairs
  }
  return units;
}

bool is_email(std::string_view s) {
  // Zod 3.23's email pattern.
  static const std::regex pattern(
      R"(^(?!\.)(?!.*\.\.)([A-Z0-9_'+\-\.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}$)",
      std::regex::ECMAScript | std::regex::icase);
  return s.size() <= 320 && std::regex_match(s.begin(), s.end(), pattern);
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
