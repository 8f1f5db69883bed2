#include "modules/audit/audit_schema.hpp"

#include "common/time_series_schema.hpp"
#include "modules/auth/auth_schema.hpp"

namespace crest::modules::audit::contracts {
using namespace crest::schema;

std::vector<Field> list_filters() {
  return {
      {"action", string().trim().max(64).optional()},
      {"subject", string().trim().max(64).optional()},
      {"subjectId", string().trim().max(64).optional()},
      {"actorId", string().uuid().optional()},
      {"from", datetime().optional().describe("Entries at or after this time")},
      {"to", datetime().optional().describe("Entries before this time")},
  };
}

const Schema& audit_entry_view() {
  static const Schema s = object({
      {"id", string().uuid()},
      {"time", datetime()},
      {"actor", auth::contracts::user_summary().nullable()},
      {"action", string().max(64)},
      {"subject", string().max(64)},
      {"subjectId", string().max(64).nullable()},
      {"status", enumeration({"Success", "Failure"})},
      {"requestId", string().max(128).nullable()},
      {"ip", string().max(64).nullable()},
      {"changes", any().describe("Changed fields: {field: {before, after}}; never passwords or tokens")},
  }).name("AuditEntryView");
  return s;
}

Schema stats_query() { return common::chart_query({"day", "hour", "week"}, {"action", "subject", "status", "actor"}); }

const Schema& audit_stats_view() {
  static const Schema s =
      common::chart_view_schema("AuditStatsView", {"hour", "day", "week"}, {"action", "subject", "status", "actor"});
  return s;
}

}  // namespace crest::modules::audit::contracts
