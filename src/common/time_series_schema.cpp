#include "common/time_series_schema.hpp"

#include <boost/json.hpp>

namespace crest::common {
using namespace crest::schema;

Schema chart_query(const std::vector<std::string>& buckets, const std::vector<std::string>& groups) {
  return object({
      {"from", datetime().optional().describe("Start of the period (default: 30 days before `to`); widened down to its bucket's start")},
      {"to", datetime().optional().describe("End of the period, exclusive (default: now); widened up to the next bucket's start")},
      {"bucket", enumeration(buckets).default_value(boost::json::string(buckets.front()))
                     .describe("Bucket size; weeks start on Monday, UTC; at most 2000 buckets")},
      {"groupBy", enumeration(groups).default_value(boost::json::string(groups.front()))},
  });
}

Schema chart_view_schema(std::string name, const std::vector<std::string>& buckets, const std::vector<std::string>& groups) {
  return object({
      {"from", datetime()},
      {"to", datetime()},
      {"bucket", enumeration(buckets)},
      {"groupBy", enumeration(groups)},
      {"buckets", array(object({{"start", datetime()}, {"label", string().max(64)}})).max(2'000)
                      .describe("Every bucket of the period, zeros included, oldest first")},
      {"series", array(object({
                           {"key", string().max(64).nullable().describe("The group's value (a user's id for people); null: none")},
                           {"label", string().max(256)},
                           {"total", integer()},
                           {"values", array(integer()).max(2'000).describe("One count per bucket, in the buckets' order")},
                       }))
                     .max(12)
                     .describe("Largest first; past 11 groups the rest are summed into one labelled \"Other\", key \"(other)\"")},
      {"total", integer()},
      {"previousTotal", integer().describe("In the period of the same length just before")},
      {"change", object({{"ratio", number().nullable()}, {"label", string().max(64).describe("\"+12% vs previous period\"")}})},
  }).name(std::move(name));
}

}  // namespace crest::common
