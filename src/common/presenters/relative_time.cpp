#include "common/presenters/relative_time.hpp"

#include <cmath>

namespace crest::common {

namespace {
std::string plural(long count, std::string_view unit) {
  return std::to_string(count) + " " + std::string(unit) + (count == 1 ? "" : "s");
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

}  // namespace crest::common
