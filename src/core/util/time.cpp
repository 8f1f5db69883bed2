#include "core/util/time.hpp"

#include <fmt/format.h>

#include <ctime>
#include <limits>

namespace crest {

std::string iso8601(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(at.time_since_epoch()).count();
  auto millis = static_cast<int>(((ms % 1000) + 1000) % 1000);  // (before 1970 too)
  std::time_t seconds = static_cast<std::time_t>((ms - millis) / 1000);
  // The date and time up to the second change once a second: format them once per thread.
  thread_local std::time_t cached_second = std::numeric_limits<std::time_t>::min();
  thread_local char cached[32];
  if (seconds != cached_second) {
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    fmt::format_to_n(cached, sizeof cached, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_second = seconds;
  }
  const char tail[] = {'.', static_cast<char>('0' + millis / 100), static_cast<char>('0' + millis / 10 % 10),
                       static_cast<char>('0' + millis % 10), 'Z'};
  std::string out;
  out.reserve(24);
  out.append(cached, 19).append(tail, sizeof tail);
  return out;
}

namespace {
bool number(std::string_view text, std::size_t at, std::size_t length, int& out) {
  if (at + length > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + length; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}
}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text) {
  using namespace std::chrono;
  int y, mo, d, h, mi, s;
  if (!number(text, 0, 4, y) || text.size() < 20 || text[4] != '-' || !number(text, 5, 2, mo) || text[7] != '-' ||
      !number(text, 8, 2, d) || text[10] != 'T' || !number(text, 11, 2, h) || text[13] != ':' ||
      !number(text, 14, 2, mi) || text[16] != ':' || !number(text, 17, 2, s))
    return std::nullopt;
  year_month_day date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!date.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  std::size_t i = 19;
  int millis = 0;
  if (text[i] == '.') {
    std::size_t start = ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
      if (i - start < 3) millis = millis * 10 + (text[i] - '0');
    if (i == start) return std::nullopt;
    for (std::size_t k = i - start; k < 3; ++k) millis *= 10;  // ".5" is 500 ms
  }
  minutes offset{0};
  if (i < text.size() && text[i] == 'Z') {
    if (i + 1 != text.size()) return std::nullopt;
  } else {
    int oh, om;
    if (i + 6 != text.size() || (text[i] != '+' && text[i] != '-') || !number(text, i + 1, 2, oh) ||
        text[i + 3] != ':' || !number(text, i + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = minutes(oh * 60 + om) * (text[i] == '-' ? -1 : 1);
  }
  // Local time minus its offset is UTC; counted in milliseconds, where no 4-digit year overflows,
  // then refused when a system_clock time point (nanoseconds, years 1678 to 2261) cannot hold it.
  sys_time<milliseconds> instant = sys_days(date) + hours(h) + minutes(mi) + seconds(s) + milliseconds(millis) - offset;
  static const auto earliest = ceil<milliseconds>(system_clock::time_point::min());
  static const auto latest = floor<milliseconds>(system_clock::time_point::max());
  if (instant < earliest || instant > latest) return std::nullopt;
  return time_point_cast<system_clock::duration>(instant);
}

}  // namespace crest
