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

}  // namespace crest::common
