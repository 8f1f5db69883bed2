#include "common/presenters/relative_time.hpp"

#include <charconv>
#include <cmath>

namespace crest::common {

namespace {
std::string plural(long count, std::string_view unit) {
  return std::to_string(count) + " " + std::string(unit) + (count == 1 ? "" : "s");
}

bool number(std::string_view text, std::size_t at, std::size_t length, int& out) {
  if (text.size() < at + length) return false;
  auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + at + length, out);
  return ec == std::errc() && ptr == text.data() + at + length;
}
}  // namespace

std::string relative_time_label(std::chrono::system_clock::time_point at, std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  double seconds = duration<double>(now - at).count();
  bool future = seconds < 0;
  seconds = std::fabs(seconds);
  double minutes = seconds / 60, hours = minutes / 60, days = hours / 24;
  std::string span;
  if (seconds < 45) return "just now";
  if (seconds < 90) span = "1 minute";
  else if (minutes < 45) span = plural(std::lround(minutes), "minute");
  else if (minutes < 90) span = "1 hour";
  else if (hours < 22) span = plural(std::lround(hours), "hour");
  else if (hours < 36) span = "1 day";
  else if (days < 26) span = plural(std::lround(days), "day");
  else if (days < 45) span = "1 month";
  else if (days < 320) span = plural(std::lround(days / 30.4), "month");
  else if (days < 548) span = "1 year";
  else span = plural(std::lround(days / 365.25), "year");
  return future ? "in " + span : span + " ago";
}

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  if (!number(text, 0, 4, y) || !number(text, 5, 2, mo) || !number(text, 8, 2, d) || !number(text, 11, 2, h) ||
      !number(text, 14, 2, mi) || !number(text, 17, 2, s))
    return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  std::size_t rest = 19;
  if (rest < text.size() && text[rest] == '.') {
    std::size_t digits = 0;
    while (rest + 1 + digits < text.size() && std::isdigit(static_cast<unsigned char>(text[rest + 1 + digits]))) ++digits;
    if (digits == 0) return std::nullopt;
    int fraction = 0;
    number(text, rest + 1, std::min<std::size_t>(digits, 3), fraction);
    for (std::size_t i = std::min<std::size_t>(digits, 3); i < 3; ++i) fraction *= 10;
    ms = fraction;
    rest += 1 + digits;
  }
  if (rest >= text.size() || text.substr(rest) != "Z") return std::nullopt;
  year_month_day date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!date.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return sys_days(date) + hours(h) + minutes(mi) + seconds(s) + milliseconds(ms);
}

}  // namespace crest::common
