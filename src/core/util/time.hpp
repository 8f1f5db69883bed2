#pragma once
#include <chrono>
#include <string>

namespace crest {

// "2026-11-23T15:34:51.123Z"
std::string iso8601(std::chrono::system_clock::time_point at);
inline std::string iso8601_now() { return iso8601(std::chrono::system_clock::now()); }

}  // namespace crest
