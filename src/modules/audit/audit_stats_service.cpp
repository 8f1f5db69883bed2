#include "modules/audit/audit_stats_service.hpp"

#include <boost/json.hpp>

#include <set>

#include "common/id_list.hpp"
#include "common/list_filter.hpp"
#include "common/rollup_reads.hpp"
#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/time.hpp"
#include "modules/audit/audit_rollups.hpp"

namespace crest::modules::audit {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono;
using common::chart_view;
using common::parse_time_bucket;
using common::SeriesCount;
using common::bucket_range;
using common::BucketRange;
using common::Instant;
using common::plan_reads;
using common::ReadSegment;
using common::TimeBucket;

namespace {

constexpr std::size_t kMaxBuckets = 2'000;

// groupBy → the log's column (never from input: the query schema allows these four alone).
const char* group_column(std::string_view group_by) {
  if (group_by == "subject") return "subject";
  if (group_by == "status") return "status";
  if (group_by == "actor") return "actor_id";
  return "action";
}

const crest::auth::ConditionColumns& condition_columns() {
  static const crest::auth::ConditionColumns columns{{"actorId", "l.actor_id"},   {"action", "l.action"},
                                                     {"subject", "l.subject"},    {"subjectId", "l.subject_id"},
                                                     {"status", "l.status"}};
  return columns;
}

Instant instant_of(const json::object& query, std::string_view field, Instant otherwise) {
  const auto* value = query.if_contains(field);
  if (!value) return otherwise;
  auto at = parse_iso8601(value->as_string());
  if (!at) throw BadRequest("Invalid query", {{std::string(field), "invalid_string", "Must be a date-time"}});
  return floor<seconds>(*at);
}

// The counts of `range` as `plan` says where to read them, on one snapshot.
struct CountReader {
  common::TenantSession& session;
  const std::string& workspace;
  const std::string& group_by;
  bool by_hour;
  const crest::auth::Abilities& abilities;

  asio::awaitable<std::vector<SeriesCount>> read(const std::vector<ReadSegment>& plan) {
    std::vector<SeriesCount> out;
    for (const auto& segment : plan) {
      auto [sql, params] = segment.source == ReadSegment::Source::Raw ? raw(segment) : rollup(segment);
      auto rows = co_await session.unscoped().query(sql, std::move(params));
      for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back({Instant(seconds(rows[i].integer("at_s"))), rows[i].optional_text("g"), rows[i].integer("n")});
    }
    co_return out;
  }

  std::pair<std::string, db::Params> raw(const ReadSegment& segment) const {
    const bool postgres = session.unscoped().engine() == db::Engine::Postgres;
    std::string sql(db::sql_file(postgres ? "src/modules/audit/queries/stats_counts.postgres.sql"
                                          : "src/modules/audit/queries/stats_counts.sqlite.sql"));
    if (postgres) sql = db::fill_placeholder(sql, "unit", by_hour ? "hour" : "day");
    else sql = db::fill_placeholder(sql, "unit_expr", by_hour ? "substr(l.created_at, 1, 13) || ':00:00'" : "substr(l.created_at, 1, 10)");
    sql = db::fill_placeholder(sql, "group", group_column(group_by));
    db::Params after{iso8601(system_clock::time_point(segment.from)), iso8601(system_clock::time_point(segment.to))};
    common::append_allowed(sql, after, abilities, crest::auth::action::Read, "AuditLog", condition_columns());
    sql += " GROUP BY 1, 2";
    db::Params params{workspace};
    for (auto& value : after) params.push_back(std::move(value));
    return {std::move(sql), std::move(params)};
  }

  std::pair<std::string, db::Params> rollup(const ReadSegment& segment) const {
    return common::rollup_counts_query(session.unscoped().engine(),
                                       segment.source == ReadSegment::Source::Daily ? "audit_rollups_daily" : "audit_rollups_hourly",
                                       group_by == "actor" ? "NULLIF(r.actor_id, '')" : "r." + std::string(group_column(group_by)),
                                       workspace, segment);
  }
};

}  // namespace

asio::awaitable<Reply> audit_stats(db::Database& database, RequestContext& ctx) {
  const auto& query = ctx.query.as_object();
  const std::string group_by(query.at("groupBy").as_string());
  const TimeBucket bucket = parse_time_bucket(query.at("bucket").as_string()).value_or(TimeBucket::Day);
  const Instant to = instant_of(query, "to", floor<seconds>(system_clock::now()));
  const Instant from = instant_of(query, "from", to - days(30));
  if (from >= to) throw BadRequest("Invalid query", {{"from", "custom", "Must be before `to`"}});
  // Checked before the range is built: a span of centuries must not be counted bucket by bucket.
  const std::int64_t hours_per_bucket = bucket == TimeBucket::Hour ? 1 : bucket == TimeBucket::Day ? 24 : 168;
  if ((to - from) / hours(1) > static_cast<std::int64_t>(kMaxBuckets) * hours_per_bucket)
    throw BadRequest("Invalid query", {{"bucket", "too_big", "More than 2000 buckets: choose a larger bucket or a shorter period"}});
  const BucketRange range = bucket_range(bucket, from, to);
  if (range.size() > kMaxBuckets)
    throw BadRequest("Invalid query", {{"bucket", "too_big", "More than 2000 buckets: choose a larger bucket or a shorter period"}});
  const BucketRange previous{bucket, range.from - (range.to - range.from), range.from};

  const auto& abilities = *ctx.principal->abilities;
  // The rollups know no subjectId: a reader held to conditions reads the raw rows.
  const bool rollups = !abilities.restricted(crest::auth::action::Read, "AuditLog");
  std::vector<SeriesCount> counts;
  std::int64_t previous_total = 0;
  std::map<std::string, std::string> labels;
  auto tenant = common::tenant_of(database, ctx);
  const std::string workspace = tenant.tenant().workspace_id;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    std::optional<Instant> aggregated_before;
    std::vector<Instant> stale;
    if (rollups) {
      auto coverage = co_await common::rollup_coverage(s.unscoped(), audit_rollup().name, workspace, previous.from, range.to);
      aggregated_before = coverage.aggregated_before;
      stale = std::move(coverage.stale);
    }
    CountReader reader{s, workspace, group_by, bucket == TimeBucket::Hour, abilities};
    auto plan = plan_reads(range, aggregated_before, stale);
    counts = co_await reader.read(plan);
    auto previous_plan = plan_reads(previous, aggregated_before, stale);
    auto before = co_await reader.read(previous_plan);
    for (const auto& count : before)
      if (previous.index_of(count.at)) previous_total += count.count;
    std::set<std::string> actors;
    if (group_by == "actor")
      for (const auto& count : counts)
        if (count.key) actors.insert(*count.key);
    if (!actors.empty()) {
      std::vector<std::string> ids(actors.begin(), actors.end());
      auto [names_sql, names_params] = common::with_id_list(db::sql_file("src/modules/audit/queries/actor_names.sql"), ids, 1);
      auto names = co_await s.unscoped().query(names_sql, std::move(names_params));
      for (std::size_t i = 0; i < names.size(); ++i) labels[names[i].text("id")] = names[i].text("name");
    }
  });
  co_return Reply::ok(json::value(chart_view(range, group_by, counts, previous_total, labels,
                                             group_by == "actor" ? "System" : "(none)")));
}

}  // namespace crest::modules::audit
