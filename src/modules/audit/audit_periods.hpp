#pragma once
// The audit log's time partitions as periods: where a period starts, where the next begins, and
// the partition's name. Pure arithmetic in UTC, so maintenance can be run "as of" any instant.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crest::modules::audit {

enum class PartitionSpan { Day, Month };

// "day" | "month"; nullopt for anything else.
std::optional<PartitionSpan> parse_partition_span(std::string_view text);

struct Period {
  std::chrono::sys_seconds from;  // inclusive
  std::chrono::sys_seconds to;    // exclusive
  bool operator==(const Period&) const = default;
};

// The period holding `at`.
Period period_of(PartitionSpan span, std::chrono::sys_seconds at);
// The period right after `period`.
Period next_period(PartitionSpan span, const Period& period);
// The period holding `at` and the `ahead` periods after it, oldest first.
std::vector<Period> periods_from(PartitionSpan span, std::chrono::sys_seconds at, int ahead);

// "audit_logs_p2026_12" for a month, "audit_logs_p2026_12_03" for a day: the names pg_partman
// gives, so that either can make the partitions the other made before.
std::string partition_name(PartitionSpan span, const Period& period);

}  // namespace crest::modules::audit
