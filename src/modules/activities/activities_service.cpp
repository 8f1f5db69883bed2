#include "modules/activities/activities_service.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/key_lookup.hpp"
#include "common/list_filter.hpp"
#include "common/request_fields.hpp"
#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/time.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/role_abilities.hpp"
#include "modules/activities/activity_presenter.hpp"
#include "modules/activities/activity_schema.hpp"
#include "modules/activities/activity_timeline.hpp"

namespace crest::modules::activities {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
std::string_view list_sql() { return db::sql_file("src/modules/activities/queries/list.sql"); }

// The list's statement with each summary shown only when the caller may read what it names.
std::string narrowed_list(db::Params& params, const crest::auth::Abilities* abilities) {
  std::string sql(list_sql());
  common::fill_readable(sql, "company_readable", params, abilities, "Company", auth::condition_columns("Company", "co"));
  common::fill_readable(sql, "contact_readable", params, abilities, "Contact", auth::condition_columns("Contact", "ct"));
  common::fill_readable(sql, "deal_readable", params, abilities, "Deal", auth::condition_columns("Deal", "d"));
  return sql;
}

// A body or query field -> the column it filters or fills, and the table a reference points to.
struct Link {
  const char* field;
  const char* column;
  std::string_view table;
};
constexpr Link kLinks[] = {{"companyId", "company_id", "companies"},
                           {"contactId", "contact_id", "contacts"},
                           {"dealId", "deal_id", "deals"}};

// What ability conditions on an activity may name, as columns of `activities a`.
const crest::auth::ConditionColumns& condition_columns() {
  static const crest::auth::ConditionColumns columns{{"id", "a.id"},         {"kind", "a.kind"},
                                                     {"companyId", "a.company_id"}, {"contactId", "a.contact_id"},
                                                     {"dealId", "a.deal_id"}, {"createdBy", "a.created_by"}};
  return columns;
}

// One activity; with abilities, only when the caller may read it (NotFound otherwise).
asio::awaitable<View> view_of(common::TenantSession& session, std::string id,
                              const crest::auth::Abilities* abilities = nullptr) {
  db::Params params;
  std::string sql = narrowed_list(params, session.abilities());
  params.emplace_back(std::move(id));
  sql = common::narrowed_to_id(sql, "activities", "a", "$" + std::to_string(params.size() + 1));
  if (abilities) common::append_allowed(sql, params, *abilities, crest::auth::action::Read, "Activity", condition_columns());
  auto rows = co_await session.query(sql, std::move(params));
  if (rows.empty()) throw NotFound("No such activity");
  co_return present_activity(rows.front());
}
}  // namespace

ActivitiesService::ActivitiesService(db::Database& database)
    : database_(database), pagination_(std::vector<common::SortColumn>{{"at", "at"}, {"createdAt", "created_at"}}) {}

schema::Schema ActivitiesService::list_query() const { return common::list_query(contracts::list_filters(), pagination_); }

asio::awaitable<Reply> ActivitiesService::list(RequestContext& ctx) {
  const auto& query = ctx.query.as_object();
  db::Params params;  // after the workspace's $1
  std::string sql = narrowed_list(params, auth::caller(ctx).abilities.get());
  for (const auto& link : kLinks) {
    if (const auto* value = query.if_contains(link.field)) {
      params.emplace_back(std::string(value->as_string()));
      sql += fmt::format(" AND a.{} = ${}", link.column, params.size() + 1);
    }
  }
  if (const auto* kind = query.if_contains("kind")) {
    params.emplace_back(std::string(kind->as_string()));
    sql += fmt::format(" AND a.kind = ${}", params.size() + 1);
  }
  common::append_allowed(sql, params, *auth::caller(ctx).abilities, crest::auth::action::Read, "Activity",
                         condition_columns());
  auto request = pagination_.request(ctx.query);
  auto tenant = common::tenant_of(database_, ctx);
  std::pair<db::Result, PageMeta> page;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    page = co_await pagination_.fetch(s, sql, std::move(params), request);
  });
  std::vector<View> items;
  for (std::size_t i = 0; i < page.first.size(); ++i) items.push_back(present_activity(page.first[i]));
  co_return Reply::page(std::move(items), page.second);
}

asio::awaitable<Reply> ActivitiesService::get(RequestContext& ctx) {
  const auto* abilities = auth::caller(ctx).abilities.get();
  std::string id(ctx.params.at("id").as_string());
  auto tenant = common::tenant_of(database_, ctx);
  View view = View::null();
  co_await tenant.read_once([&](common::TenantSession& s) -> asio::awaitable<void> { view = co_await view_of(s, id, abilities); });
  co_return Reply::ok(std::move(view));
}

asio::awaitable<Reply> ActivitiesService::create(RequestContext& ctx) {
  const auto& body = ctx.body.as_object();
  common::Fields fields{{"kind", std::string(body.at("kind").as_string())},
                        {"subject", std::string(body.at("subject").as_string())},
                        {"at", body.contains("at") ? std::string(body.at("at").as_string()) : iso8601_now()}};
  if (const auto* text = body.if_contains("body"); text && !text->is_null())
    fields.emplace_back("body", std::string(text->as_string()));
  std::vector<common::TenantSession::Reference> references;
  for (const auto& link : kLinks) {
    if (const auto* value = body.if_contains(link.field)) {
      fields.emplace_back(link.column, std::string(value->as_string()));
      references.push_back({link.field, link.table, std::string(value->as_string())});
    }
  }
  auto tenant = common::tenant_of(database_, ctx);
  View view = View::null();
  co_await tenant.transaction([&](common::TenantSession& tx) -> asio::awaitable<void> {
    co_await tx.require_references(references);
    auto created = co_await tx.insert("activities", fields);
    view = co_await view_of(tx, created.front().text("id"));
  });
  co_return Reply::created(std::move(view));
}

asio::awaitable<Reply> ActivitiesService::timeline(RequestContext& ctx) {
  co_return co_await activity_timeline(database_, ctx, condition_columns());
}

}  // namespace crest::modules::activities
