#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace crest {

// "2026-11-23T15:34:51.123Z"
std::string iso8601(std::chrono::system_clock::time_point at);
inline std::string iso8601_now() { return iso8601(std::chrono::system_clock::now()); }

// An RFC 3339 date-time ("2026-11-23T17:34:51.123+02:00", or Z) as an instant, to the
// millisecond; nullopt when it is not one. iso8601(*parse_iso8601(text)) is its UTC spelling,
// which sorts as text (what SQLite compares).
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

}  // namespace crest
