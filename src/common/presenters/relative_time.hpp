#pragma once
// "3 days ago", "in 2 hours", "just now": relative-time labels computed on the server, with the
// thresholds people know from moment.js (45 s, 45 min, 22 h, 26 days, 11 months).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace crest::common {

std::string relative_time_label(std::chrono::system_clock::time_point at,
                                std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// From an ISO 8601 UTC timestamp ("2026-11-23T16:12:29.123Z"); nullopt when it is not one.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

}  // namespace crest::common
