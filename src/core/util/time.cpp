#include "core/util/time.hpp"

#include <fmt/format.h>

#include <ctime>

namespace crest {

std::string iso8601(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(at.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  // The date and time up to the second change once a second: format them once per thread.
  thread_local std::time_t cached_second = -1;
  thread_local char cached[32];
  if (seconds != cached_second) {
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    fmt::format_to_n(cached, sizeof cached, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_second = seconds;
  }
  return fmt::format("{:.19}.{:03}Z", std::string_view(cached, 19), static_cast<int>(ms % 1000));
}

}  // namespace crest
