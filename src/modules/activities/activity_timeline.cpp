#include "modules/activities/activity_timeline.hpp"

#include <boost/json.hpp>

#include <set>

#include "common/id_list.hpp"
#include "common/list_filter.hpp"
#include "common/rollup_reads.hpp"
#include "common/tenant_db.hpp"
#include "common/time_series.hpp"
#include "common/time_series_schema.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/time.hpp"
#include "modules/activities/activity_rollups.hpp"

namespace crest::modules::activities {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono;
using common::Instant;

namespace {

constexpr std::size_t kMaxBuckets = 2'000;

Instant instant_of(const json::object& query, std::string_view field, Instant otherwise) {
  const auto* value = query.if_contains(field);
  if (!value) return otherwise;
  auto at = parse_iso8601(value->as_string());
  if (!at) throw BadRequest("Invalid query", {{std::string(field), "invalid_string", "Must be a date-time"}});
  return floor<seconds>(*at);
}

}  // namespace

schema::Schema timeline_query() { return common::chart_query({"day", "week"}, {"kind", "owner"}); }

const schema::Schema& timeline_view() {
  static const schema::Schema s = common::chart_view_schema("ActivityTimelineView", {"day", "week"}, {"kind", "owner"});
  return s;
}

asio::awaitable<Reply> activity_timeline(db::Database& database, RequestContext& ctx,
                                         const crest::auth::ConditionColumns& conditions) {
  const auto& query = ctx.query.as_object();
  const std::string group_by(query.at("groupBy").as_string());
  const auto bucket = query.at("bucket").as_string() == "week" ? common::TimeBucket::Week : common::TimeBucket::Day;
  const Instant to = instant_of(query, "to", floor<seconds>(system_clock::now()));
  const Instant from = instant_of(query, "from", to - days(30));
  if (from >= to) throw BadRequest("Invalid query", {{"from", "custom", "Must be before `to`"}});
  const auto too_many = [] {
    return BadRequest("Invalid query", {{"bucket", "too_big", "More than 2000 buckets: choose a larger bucket or a shorter period"}});
  };
  // Checked before the range is built: a span of centuries must not be counted bucket by bucket.
  if ((to - from) / days(1) > static_cast<std::int64_t>(kMaxBuckets) * (bucket == common::TimeBucket::Day ? 1 : 7))
    throw too_many();
  const auto range = common::bucket_range(bucket, from, to);
  if (range.size() > kMaxBuckets) throw too_many();
  const common::BucketRange previous{bucket, range.from - (range.to - range.from), range.from};

  auto tenant = common::tenant_of(database, ctx);
  const std::string workspace = tenant.tenant().workspace_id;
  const bool postgres = database.engine() == db::Engine::Postgres;
  const char* column = group_by == "owner" ? "created_by" : "kind";
  auto raw_counts = [&](const common::ReadSegment& segment) {
    std::string sql = db::fill_placeholder(db::sql_file(postgres ? "src/modules/activities/queries/timeline_counts.postgres.sql"
                                                                  : "src/modules/activities/queries/timeline_counts.sqlite.sql"),
                                           "group", column);
    db::Params params{workspace, iso8601(system_clock::time_point(segment.from)), iso8601(system_clock::time_point(segment.to))};
    common::append_allowed(sql, params, *ctx.principal->abilities, crest::auth::action::Read, "Activity", conditions);
    return std::pair{sql + " GROUP BY 1, 2", std::move(params)};
  };
  // The rollup knows kind and owner alone: a reader held to conditions reads the raw rows.
  const bool rollups = !ctx.principal->abilities->restricted(crest::auth::action::Read, "Activity");

  std::vector<common::SeriesCount> counts;
  std::int64_t previous_total = 0;
  std::map<std::string, std::string> labels;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    std::optional<Instant> aggregated_before;
    std::vector<Instant> stale;
    if (rollups) {
      auto coverage = co_await common::rollup_coverage(s.unscoped(), activity_rollup().name, workspace, previous.from, range.to);
      aggregated_before = coverage.aggregated_before;
      stale = std::move(coverage.stale);
    }
    const common::BucketRange* periods[] = {&range, &previous};
    for (const auto* period : periods) {
      auto plan = common::plan_reads(*period, aggregated_before, stale);
      for (const auto& segment : plan) {
        std::string sql;
        db::Params params;
        if (segment.source == common::ReadSegment::Source::Daily) {
          std::tie(sql, params) = common::rollup_counts_query(
              s.unscoped().engine(), "activity_rollups_daily", group_by == "owner" ? "NULLIF(r.owner_id, '')" : "r.kind",
              workspace, segment);
        } else {  // (a rollup by day plans no hourly read)
          std::tie(sql, params) = raw_counts(segment);
        }
        auto rows = co_await s.unscoped().query(sql, std::move(params));
        for (std::size_t i = 0; i < rows.size(); ++i) {
          common::SeriesCount count{Instant(seconds(rows[i].integer("at_s"))), rows[i].optional_text("g"), rows[i].integer("n")};
          if (period == &range) counts.push_back(std::move(count));
          else previous_total += count.count;
        }
      }
    }
    std::set<std::string> owners;
    if (group_by == "owner")
      for (const auto& count : counts)
        if (count.key) owners.insert(*count.key);
    if (!owners.empty()) {
      std::vector<std::string> ids(owners.begin(), owners.end());
      auto [names_sql, names_params] =
          common::with_id_list(db::sql_file("src/modules/activities/queries/owner_names.sql"), ids, 1);
      auto names = co_await s.unscoped().query(names_sql, std::move(names_params));
      for (std::size_t i = 0; i < names.size(); ++i) labels[names[i].text("id")] = names[i].text("name");
    }
  });
  co_return Reply::ok(json::value(common::chart_view(range, group_by, counts, previous_total, labels, "(nobody)")));
}

}  // namespace crest::modules::activities
