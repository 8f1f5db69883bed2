#include "core/cron/cron_schedule.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <cctype>
#include <vector>

namespace crest::cron {
using namespace std::chrono;

namespace {
constexpr std::size_t kMaxExpression = 256;
constexpr auto kHorizon = date::days(366 * 10 + 3);  // ten years, past any run of non-leap Februaries

struct Field {
  const char* name;
  int min, max;
  const std::array<std::string_view, 13>* names = nullptr;  // index = value
};
constexpr std::array<std::string_view, 13> kMonthNames{"",    "jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 13> kWeekdayNames{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

[[noreturn]] void invalid(const Field& field, std::string_view text, std::string_view why) {
  throw InvalidSchedule("cron " + std::string(field.name) + " field '" + std::string(text) + "': " + std::string(why));
}

int value_of(const Field& field, std::string_view token, std::string_view whole) {
  if (token.empty()) invalid(field, whole, "a value is missing");
  if (std::isdigit(static_cast<unsigned char>(token.front()))) {
    if (token.size() > 2) invalid(field, whole, "out of range");
    int value = 0;
    for (char c : token) {
      if (!std::isdigit(static_cast<unsigned char>(c))) invalid(field, whole, "not a number");
      value = value * 10 + (c - '0');
    }
    if (value < field.min || value > field.max)
      invalid(field, whole, "out of range " + std::to_string(field.min) + "-" + std::to_string(field.max));
    return value;
  }
  if (field.names && token.size() == 3) {
    std::string lower;
    for (char c : token) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < field.names->size(); ++i)
      if (!(*field.names)[i].empty() && (*field.names)[i] == lower) return static_cast<int>(i);
  }
  invalid(field, whole, "unknown value '" + std::string(token) + "'");
}

// One field: a comma-separated list of `*`, `a`, `a-b`, each with an optional `/step`.
template <std::size_t N>
bool parse_field(std::string_view text, const Field& field, std::bitset<N>& out) {
  if (text.empty()) invalid(field, text, "empty");
  bool star = text.front() == '*' || text.front() == '?';
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item.empty()) invalid(field, text, "an empty list item");
    int step = 1;
    bool stepped = false;
    if (auto slash = item.find('/'); slash != std::string_view::npos) {
      std::string_view step_text = item.substr(slash + 1);
      if (step_text.empty() || step_text.size() > 2) invalid(field, text, "a step must be 1-99");
      step = 0;
      for (char c : step_text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) invalid(field, text, "a step must be a number");
        step = step * 10 + (c - '0');
      }
      if (step == 0) invalid(field, text, "a step must be 1-99");
      item = item.substr(0, slash);
      stepped = true;
    }
    int low = field.min, high = field.max;
    if (item == "*" || item == "?") {
    } else if (auto dash = item.find('-'); dash != std::string_view::npos) {
      low = value_of(field, item.substr(0, dash), text);
      high = value_of(field, item.substr(dash + 1), text);
      if (low > high) invalid(field, text, "a range must run upwards");
    } else {
      low = value_of(field, item, text);
      // `5/15` runs from 5 to the end, as cron-parser reads it.
      high = stepped ? field.max : low;
    }
    for (int v = low; v <= high; v += step) out.set(static_cast<std::size_t>(v));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return star;
}

std::string_view alias(std::string_view expression) {
  if (expression == "@yearly" || expression == "@annually") return "0 0 1 1 *";
  if (expression == "@monthly") return "0 0 1 * *";
  if (expression == "@weekly") return "0 0 * * 0";
  if (expression == "@daily" || expression == "@midnight") return "0 0 * * *";
  if (expression == "@hourly") return "0 * * * *";
  throw InvalidSchedule("unknown cron alias '" + std::string(expression) + "'");
}
}  // namespace

CronSchedule CronSchedule::parse(std::string_view expression, std::string_view time_zone) {
  if (expression.size() > kMaxExpression) throw InvalidSchedule("cron expression longer than 256 characters");
  CronSchedule out;
  out.expression_ = std::string(expression);
  out.zone_name_ = std::string(time_zone);
  try {
    out.zone_ = date::locate_zone(time_zone);
  } catch (const std::exception&) {
    throw InvalidSchedule("unknown time zone '" + std::string(time_zone) + "'");
  }
  std::string_view text = expression;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '@') text = alias(text);
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    fields.push_back(text.substr(i, end - i));
    i = end;
  }
  if (fields.size() != 5 && fields.size() != 6)
    throw InvalidSchedule("a cron expression has 5 fields (or 6, seconds first), not " + std::to_string(fields.size()));
  std::size_t at = 0;
  if (fields.size() == 6) parse_field(fields[at++], Field{"second", 0, 59}, out.seconds_);
  else out.seconds_.set(0);
  bool minute_star = parse_field(fields[at++], Field{"minute", 0, 59}, out.minutes_);
  bool hour_star = parse_field(fields[at++], Field{"hour", 0, 23}, out.hours_);
  out.any_day_ = parse_field(fields[at++], Field{"day-of-month", 1, 31}, out.days_);
  parse_field(fields[at++], Field{"month", 1, 12, &kMonthNames}, out.months_);
  std::bitset<8> weekdays;
  out.any_weekday_ = parse_field(fields[at++], Field{"day-of-week", 0, 7, &kWeekdayNames}, weekdays);
  for (std::size_t d = 0; d < 7; ++d) out.weekdays_[d] = weekdays[d];
  if (weekdays[7]) out.weekdays_.set(0);  // 7 is Sunday too
  out.fixed_time_ = !minute_star && !hour_star;
  return out;
}

bool CronSchedule::day_matches(int day_of_month, unsigned weekday) const {
  bool day = days_[static_cast<std::size_t>(day_of_month)];
  bool week = weekdays_[weekday];
  if (any_day_ || any_weekday_) return day && week;
  return day || week;
}

// The first local time in [from, until) the fields match, in seconds of local time since the epoch.
std::optional<seconds> CronSchedule::next_local(seconds from, seconds until) const {
  auto next_set = [](const auto& bits, std::size_t from_bit) -> std::optional<std::size_t> {
    for (std::size_t b = from_bit; b < bits.size(); ++b)
      if (bits[b]) return b;
    return std::nullopt;
  };
  seconds t = from;
  while (t < until) {
    auto day = floor<date::days>(date::sys_seconds(t));
    date::year_month_day ymd(day);
    seconds in_day = t - day.time_since_epoch();
    if (!months_[static_cast<unsigned>(ymd.month())]) {
      auto first_of_next = date::sys_days(date::year_month_day(ymd.year() / ymd.month() / 1) + date::months(1));
      t = first_of_next.time_since_epoch();
      continue;
    }
    if (!day_matches(static_cast<int>(static_cast<unsigned>(ymd.day())), date::weekday(day).c_encoding())) {
      t = (day + date::days(1)).time_since_epoch();
      continue;
    }
    auto hour = static_cast<std::size_t>(duration_cast<hours>(in_day).count());
    auto h = next_set(hours_, hour);
    if (!h) {
      t = (day + date::days(1)).time_since_epoch();
      continue;
    }
    if (*h != hour) {
      t = day.time_since_epoch() + hours(*h);
      continue;
    }
    auto minute = static_cast<std::size_t>(duration_cast<minutes>(in_day - hours(hour)).count());
    auto m = next_set(minutes_, minute);
    if (!m) {
      t = day.time_since_epoch() + hours(hour + 1);
      continue;
    }
    if (*m != minute) {
      t = day.time_since_epoch() + hours(hour) + minutes(*m);
      continue;
    }
    auto second = static_cast<std::size_t>((in_day - hours(hour) - minutes(minute)).count());
    auto s = next_set(seconds_, second);
    if (!s) {
      t = day.time_since_epoch() + hours(hour) + minutes(minute + 1);
      continue;
    }
    seconds found = day.time_since_epoch() + hours(hour) + minutes(minute) + seconds(*s);
    return found < until ? std::optional(found) : std::nullopt;
  }
  return std::nullopt;
}

// Walks the zone's stretches of constant offset: within one, local time runs with real time and
// the search is plain; at a jump forward a fixed-time schedule fires once for the skipped times;
// after a jump back it skips the local times it already had.
std::optional<sys_seconds> CronSchedule::next_after(sys_seconds after) const {
  const sys_seconds horizon = after + kHorizon;
  sys_seconds cursor = after + seconds(1);
  while (cursor < horizon) {
    date::sys_info info = zone_->get_info(cursor);
    seconds local_from = cursor.time_since_epoch() + info.offset;
    if (fixed_time_ && info.begin > date::sys_seconds::min() + date::days(1)) {
      date::sys_info before = zone_->get_info(info.begin - seconds(1));
      if (before.offset > info.offset)
        local_from = std::max(local_from, info.begin.time_since_epoch() + before.offset);
    }
    sys_seconds stretch_end = std::min(info.end, horizon);
    seconds local_until = stretch_end.time_since_epoch() + info.offset;
    if (auto found = next_local(local_from, local_until)) return sys_seconds(*found - info.offset);
    if (info.end >= horizon) break;
    date::sys_info next = zone_->get_info(info.end);
    if (fixed_time_ && next.offset > info.offset &&
        next_local(info.end.time_since_epoch() + info.offset, info.end.time_since_epoch() + next.offset))
      return info.end;
    cursor = info.end;
  }
  return std::nullopt;
}

}  // namespace crest::cron
