#include "modules/audit/audit_periods.hpp"

#include <fmt/format.h>

namespace crest::modules::audit {
using namespace std::chrono;

std::optional<PartitionSpan> parse_partition_span(std::string_view text) {
  if (text == "day") return PartitionSpan::Day;
  if (text == "month") return PartitionSpan::Month;
  return std::nullopt;
}

Period period_of(PartitionSpan span, sys_seconds at) {
  sys_days day = floor<days>(at);
  if (span == PartitionSpan::Day) return {sys_seconds(day), sys_seconds(day + days(1))};
  year_month_day date(day);
  year_month month = date.year() / date.month();
  year_month following = month + months(1);
  return {sys_seconds(sys_days(month / 1)), sys_seconds(sys_days(following / 1))};
}

Period next_period(PartitionSpan span, const Period& period) { return period_of(span, period.to); }

std::vector<Period> periods_from(PartitionSpan span, sys_seconds at, int ahead) {
  std::vector<Period> out{period_of(span, at)};
  for (int i = 0; i < ahead; ++i) out.push_back(next_period(span, out.back()));
  return out;
}

std::string partition_name(PartitionSpan span, const Period& period) {
  year_month_day date(floor<days>(period.from));
  int y = static_cast<int>(date.year());
  unsigned m = static_cast<unsigned>(date.month());
  if (span == PartitionSpan::Month) return fmt::format("audit_logs_p{:04}_{:02}", y, m);
  return fmt::format("audit_logs_p{:04}_{:02}_{:02}", y, m, static_cast<unsigned>(date.day()));
}

}  // namespace crest::modules::audit
