#include "modules/audit/audit_schema.hpp"

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

Schema stats_query() {
  return object({
      {"from", datetime().optional().describe("Start of the period (default: 30 days before `to`); widened down to its bucket's start")},
      {"to", datetime().optional().describe("End of the period, exclusive (default: now); widened up to the next bucket's start")},
      {"bucket", enumeration({"hour", "day", "week"}).default_value("day").describe("Bucket size; weeks start on Monday, UTC")},
      {"groupBy", enumeration({"action", "subject", "status", "actor"}).default_value("action")},
  });
}

const Schema& audit_stats_view() {
  static const Schema s = object({
      {"from", datetime()},
      {"to", datetime()},
      {"bucket", enumeration({"hour", "day", "week"})},
      {"groupBy", enumeration({"action", "subject", "status", "actor"})},
      {"buckets", array(object({{"start", datetime()}, {"label", string().max(64)}})).max(2'000)
                      .describe("Every bucket of the period, zeros included, oldest first")},
      {"series", array(object({
                           {"key", string().max(64).nullable().describe("The group's value (an actor's id); null: no actor")},
                           {"label", string().max(256)},
                           {"total", integer()},
                           {"values", array(integer()).max(2'000).describe("One count per bucket, in the buckets' order")},
                       }))
                     .max(12)
                     .describe("Largest first; past 11 groups the rest are summed into \"Other\"")},
      {"total", integer()},
      {"previousTotal", integer().describe("Entries in the period of the same length just before")},
      {"change", object({{"ratio", number().nullable()}, {"label", string().max(64).describe("\"+12% vs previous period\"")}})},
  }).name("AuditStatsView");
  return s;
}

}  // namespace crest::modules::audit::contracts
