#include "modules/audit/audit_module.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/list_filter.hpp"
#include "common/pagination.hpp"
#include "common/request_fields.hpp"
#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/util/time.hpp"
#include "modules/audit/audit_maintenance.hpp"
#include "modules/audit/audit_rollups.hpp"
#include "modules/audit/audit_schema.hpp"
#include "modules/audit/audit_stats_service.hpp"

namespace crest::modules {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

json::object present_entry(const db::Row& row) {
  json::value actor = nullptr;
  if (!row.is_null("actor_id") && !row.is_null("actor_name"))
    actor = json::object{{"id", row.text("actor_id")}, {"name", row.text("actor_name")}, {"email", row.text("actor_email")}};
  auto nullable = [&](std::string_view column) {
    return row.is_null(column) ? json::value(nullptr) : json::value(row.text(column));
  };
  boost::system::error_code ec;
  json::value changes = json::parse(row.text("changes"), ec);
  return {{"id", row.text("id")},        {"time", row.time("created_at")},   {"actor", std::move(actor)},
          {"action", row.text("action")}, {"subject", row.text("subject")}, {"subjectId", nullable("subject_id")},
          {"status", row.text("status")}, {"requestId", nullable("request_id")}, {"ip", nullable("ip")},
          {"changes", ec ? json::value(json::object{}) : std::move(changes)}};
}

class AuditService {
 public:
  explicit AuditService(db::Database& database)
      : database_(database), pagination_(std::vector<common::SortColumn>{{"time", "created_at"}}) {}

  schema::Schema list_query() const { return common::list_query(audit::contracts::list_filters(), pagination_); }

  asio::awaitable<Reply> list(RequestContext& ctx) {
    std::string sql(db::sql_file("src/modules/audit/queries/list.sql"));
    db::Params params;  // after the workspace's $1
    const auto& query = ctx.query.as_object();
    for (const auto& [field, condition] : {std::pair{"action", "l.action = ${}"}, std::pair{"subject", "l.subject = ${}"},
                                           std::pair{"subjectId", "l.subject_id = ${}"}, std::pair{"actorId", "l.actor_id = ${}"},
                                           std::pair{"from", "l.created_at >= ${}"}, std::pair{"to", "l.created_at < ${}"}}) {
      if (const auto* value = query.if_contains(field)) {
        std::string text(value->as_string());
        // Times compare as instants: an offset is spelled in UTC, as created_at is stored.
        if (std::string_view(field) == "from" || std::string_view(field) == "to")
          if (auto at = parse_iso8601(text)) text = iso8601(*at);
        params.emplace_back(std::move(text));
        sql += " AND " + fmt::format(fmt::runtime(condition), params.size() + 1);
      }
    }
    static const crest::auth::ConditionColumns condition_columns{
        {"actorId", "l.actor_id"}, {"action", "l.action"}, {"subject", "l.subject"},
        {"subjectId", "l.subject_id"}, {"status", "l.status"}};
    common::append_allowed(sql, params, *ctx.principal->abilities, crest::auth::action::Read, "AuditLog",
                           condition_columns);
    auto request = pagination_.request(ctx.query);
    auto tenant = common::tenant_of(database_, ctx);
    std::pair<db::Result, PageMeta> page;
    co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
      page = co_await pagination_.fetch(s, sql, std::move(params), request);
    });
    json::array items;
    for (std::size_t i = 0; i < page.first.size(); ++i) items.push_back(present_entry(page.first[i]));
    co_return Reply::page(std::move(items), page.second);
  }

 private:
  db::Database& database_;
  common::Pagination pagination_;
};

}  // namespace

void AuditModule::register_routes(ModuleContext& ctx) {
  auto service = std::make_shared<AuditService>(ctx.db);
  Scope api(ctx.router, "/api/v1", "Audit");
  api.get("/audit-logs").summary("The workspace's audit entries, newest first")
      .can("Read", "AuditLog").query(service->list_query())
      .response(200, page_of(audit::contracts::audit_entry_view()))
      .handle(service, &AuditService::list);
  api.get("/audit-logs/stats").summary("The workspace's audit entries as a chart: counts per bucket and group")
      .description("Every bucket of the period is present (zeros included) with its label; one series per action, "
                   "subject, status or actor, largest first, as arrays a chart library draws as they are; the total "
                   "against the period of the same length just before. Buckets are UTC; weeks start on Monday.")
      .can("Read", "AuditLog").query(audit::contracts::stats_query())
      .response(200, audit::contracts::audit_stats_view())
      .handle([&database = ctx.db](RequestContext& request) -> asio::awaitable<Reply> {
        co_return co_await audit::audit_stats(database, request);
      });

  audit::AuditRetentionPolicy policy;
  policy.span = audit::parse_partition_span(ctx.config.audit_partition).value_or(audit::PartitionSpan::Month);
  policy.retention = ctx.config.audit_retention;
  ctx.crons
      .add("audit.maintain", ctx.config.audit_schedule, {},
           [policy](queue::JobContext& tick) -> asio::awaitable<json::value> {
             auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
             auto report = co_await audit::maintain_audit_log(tick.database(), policy, now);
             co_return report.to_json();
           })
      .attempts(3)
      .timeout(std::chrono::minutes(10));
  ctx.crons
      .add("audit.rollup", ctx.config.audit_rollup_schedule, {},
           [](queue::JobContext& tick) -> asio::awaitable<json::value> {
             auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
             auto report = co_await audit::refresh_audit_rollups(tick.database(), now);
             co_return report.to_json();
           })
      .attempts(1)
      .timeout(std::chrono::minutes(5));
}

}  // namespace crest::modules
