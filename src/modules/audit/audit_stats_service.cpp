#include "modules/audit/audit_stats_service.hpp"

#include <boost/json.hpp>

#include <set>

#include "common/id_list.hpp"
#include "common/list_filter.hpp"
#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/time.hpp"
#include "modules/audit/audit_stats.hpp"

namespace crest::modules::audit {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono;

namespace {

constexpr std::size_t kMaxBuckets = 2'000;

// groupBy → the log's column (never from input: the query schema allows these four alone).
const char* group_column(std::string_view group_by) {
  if (group_by == "subject") return "subject";
  if (group_by == "status") return "status";
  if (group_by == "actor") return "actor_id";
  return "action";
}

void replace_all(std::string& sql, std::string_view marker, std::string_view with) {
  for (std::size_t at; (at = sql.find(marker)) != std::string::npos;) sql.replace(at, marker.size(), with);
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

}  // namespace

asio::awaitable<Reply> audit_stats(db::Database& database, RequestContext& ctx) {
  const auto& query = ctx.query.as_object();
  const std::string group_by(query.at("groupBy").as_string());
  const StatsBucket bucket = parse_stats_bucket(query.at("bucket").as_string()).value_or(StatsBucket::Day);
  const Instant to = instant_of(query, "to", floor<seconds>(system_clock::now()));
  const Instant from = instant_of(query, "from", to - days(30));
  if (from >= to) throw BadRequest("Invalid query", {{"from", "custom", "Must be before `to`"}});
  // Checked before the range is built: a span of centuries must not be counted bucket by bucket.
  if ((to - from) / hours(1) > static_cast<std::int64_t>(kMaxBuckets) * (bucket == StatsBucket::Hour ? 1 : bucket == StatsBucket::Day ? 24 : 168))
    throw BadRequest("Invalid query", {{"bucket", "too_big", "More than 2000 buckets: choose a larger bucket or a shorter period"}});
  const BucketRange range = bucket_range(bucket, from, to);
  if (range.size() > kMaxBuckets)
    throw BadRequest("Invalid query", {{"bucket", "too_big", "More than 2000 buckets: choose a larger bucket or a shorter period"}});
  const Instant previous_from = range.from - (range.to - range.from);

  const bool postgres = database.engine() == db::Engine::Postgres;
  // Hours for hourly charts; days for daily and weekly ones (a week is seven of them).
  const bool by_hour = bucket == StatsBucket::Hour;
  std::string counts_sql(db::sql_file(postgres ? "src/modules/audit/queries/stats_counts.postgres.sql"
                                               : "src/modules/audit/queries/stats_counts.sqlite.sql"));
  replace_all(counts_sql, "{unit}", by_hour ? "hour" : "day");
  replace_all(counts_sql, "{unit_expr}", by_hour ? "substr(l.created_at, 1, 13) || ':00:00'" : "substr(l.created_at, 1, 10)");
  replace_all(counts_sql, "{group}", group_column(group_by));
  db::Params counts_params{iso8601(system_clock::time_point(range.from)), iso8601(system_clock::time_point(range.to))};
  common::append_allowed(counts_sql, counts_params, *ctx.principal->abilities, crest::auth::action::Read, "AuditLog",
                         condition_columns());
  counts_sql += " GROUP BY 1, 2";

  std::string total_sql(db::sql_file("src/modules/audit/queries/stats_total.sql"));
  db::Params total_params{iso8601(system_clock::time_point(previous_from)), iso8601(system_clock::time_point(range.from))};
  common::append_allowed(total_sql, total_params, *ctx.principal->abilities, crest::auth::action::Read, "AuditLog",
                         condition_columns());

  std::vector<StatsCount> counts;
  std::int64_t previous_total = 0;
  std::map<std::string, std::string> labels;
  auto tenant = common::tenant_of(database, ctx);
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    db::Params first{tenant.tenant().workspace_id};
    for (auto& value : counts_params) first.push_back(value);
    auto rows = co_await s.unscoped().query(counts_sql, std::move(first));
    std::set<std::string> actors;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      StatsCount count{Instant(seconds(rows[i].integer("at_s"))), rows[i].optional_text("g"), rows[i].integer("n")};
      if (group_by == "actor" && count.key) actors.insert(*count.key);
      counts.push_back(std::move(count));
    }
    db::Params second{tenant.tenant().workspace_id};
    for (auto& value : total_params) second.push_back(value);
    auto total = co_await s.unscoped().query(total_sql, std::move(second));
    previous_total = total.empty() ? 0 : total[0].integer("n");
    if (!actors.empty()) {
      std::vector<std::string> ids(actors.begin(), actors.end());
      auto [names_sql, names_params] = common::with_id_list(db::sql_file("src/modules/audit/queries/actor_names.sql"), ids, 1);
      auto names = co_await s.unscoped().query(names_sql, std::move(names_params));
      for (std::size_t i = 0; i < names.size(); ++i) labels[names[i].text("id")] = names[i].text("name");
    }
  });
  co_return Reply::ok(json::value(stats_view(range, group_by, counts, previous_total, labels,
                                             group_by == "actor" ? "System" : "(none)")));
}

}  // namespace crest::modules::audit
