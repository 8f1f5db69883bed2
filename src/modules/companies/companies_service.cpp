#include "modules/companies/companies_service.hpp"

#include <boost/json.hpp>

#include "common/tenant_db.hpp"
#include "core/auth/abilities.hpp"
#include "core/errors.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/member_reference.hpp"
#include "modules/companies/companies_repository.hpp"
#include "modules/companies/company_presenter.hpp"
#include "modules/companies/company_schema.hpp"

namespace crest::modules::companies {
namespace asio = boost::asio;
namespace json = boost::json;
using crest::auth::action::Delete;
using crest::auth::action::Update;

namespace {
constexpr std::string_view kTable = "companies";

// API field -> column, for the fields a create or an update may carry.
const std::vector<std::pair<std::string, std::string>>& columns() {
  static const std::vector<std::pair<std::string, std::string>> map{
      {"name", "name"}, {"domain", "domain"}, {"industry", "industry"},
      {"employeeRange", "employee_range"}, {"status", "status"}, {"ownerId", "owner_id"}};
  return map;
}

common::Fields fields_of(const json::object& body) {
  common::Fields fields;
  for (const auto& [field, column] : columns()) {
    const auto* value = body.if_contains(field);
    if (!value) continue;
    fields.emplace_back(column, value->is_null() ? db::Value(nullptr) : db::Value(std::string(value->as_string())));
  }
  return fields;
}

std::optional<std::string> text_of(const json::value& query, std::string_view field) {
  const auto* value = query.as_object().if_contains(field);
  if (!value || value->is_null()) return std::nullopt;
  return std::string(value->as_string());
}

// What ability conditions on a company may look at.
json::object subject_of(const db::Row& row) {
  return {{"id", row.text("id")},
          {"ownerId", row.is_null("owner_id") ? json::value(nullptr) : json::value(row.text("owner_id"))},
          {"status", row.text("status")}};
}

// The view of one company, its aggregates read in the same session.
asio::awaitable<json::object> view_of(common::TenantSession& session, std::string id) {
  auto row = co_await CompaniesRepository::find(session, std::move(id));
  auto aggregates = co_await CompaniesRepository::aggregates(session, row);
  co_return present_company(row.front(), aggregates.begin()->second);
}

asio::awaitable<void> check_owner(common::TenantSession& session, const common::Fields& fields) {
  for (const auto& [column, value] : fields)
    if (column == "owner_id" && std::holds_alternative<std::string>(value))
      co_await auth::require_member(session, "ownerId", std::get<std::string>(value));
}
}  // namespace

CompaniesService::CompaniesService(db::Database& database)
    : database_(database),
      pagination_({{"createdAt", "created_at"}, {"name", "name"}, {"updatedAt", "updated_at"}}) {}

schema::Schema CompaniesService::list_query() const {
  auto fields = contracts::list_filters();
  for (auto& field : pagination_.query_fields()) fields.push_back(std::move(field));
  return schema::object(std::move(fields));
}

asio::awaitable<Reply> CompaniesService::list(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  CompanyFilters filters{text_of(ctx.query, "search"), text_of(ctx.query, "status"), text_of(ctx.query, "industry"),
                         text_of(ctx.query, "ownerId")};
  auto request = pagination_.request(ctx.query);
  auto tenant = common::tenant_of(database_, ctx);
  json::array items;
  PageMeta meta;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    auto page = co_await CompaniesRepository::page(s, filters, *caller.abilities, pagination_, request);
    auto aggregates = co_await CompaniesRepository::aggregates(s, page.first);
    for (std::size_t i = 0; i < page.first.size(); ++i)
      items.push_back(present_company(page.first[i], aggregates[page.first[i].text("id")]));
    meta = page.second;
  });
  co_return Reply::page(std::move(items), meta);
}

asio::awaitable<Reply> CompaniesService::get(RequestContext& ctx) {
  std::string id(ctx.params.at("id").as_string());
  auto tenant = common::tenant_of(database_, ctx);
  json::object view;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> { view = co_await view_of(s, id); });
  co_return Reply::ok(std::move(view));
}

asio::awaitable<Reply> CompaniesService::create(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  common::Fields fields = fields_of(ctx.body.as_object());
  if (!ctx.body.as_object().contains("ownerId")) fields.emplace_back("owner_id", caller.user_id);
  auto tenant = common::tenant_of(database_, ctx);
  json::object view;
  co_await tenant.transaction([&](common::TenantSession& tx) -> asio::awaitable<void> {
    co_await check_owner(tx, fields);
    auto created = co_await tx.insert(kTable, fields);
    view = co_await view_of(tx, created.front().text("id"));
  });
  co_return Reply::created(std::move(view));
}

asio::awaitable<Reply> CompaniesService::update(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  std::string id(ctx.params.at("id").as_string());
  common::Fields fields = fields_of(ctx.body.as_object());
  std::vector<std::string> changed;
  for (const auto& field : ctx.body.as_object()) changed.emplace_back(field.key());
  auto tenant = common::tenant_of(database_, ctx);
  json::object view;
  co_await tenant.transaction([&](common::TenantSession& tx) -> asio::awaitable<void> {
    auto current = co_await CompaniesRepository::find(tx, id);
    crest::auth::authorize(*caller.abilities, Update, "Company", subject_of(current.front()), changed);
    co_await check_owner(tx, fields);
    if (!fields.empty()) co_await tx.update_by_id(kTable, id, fields);
    view = co_await view_of(tx, id);
  });
  co_return Reply::ok(std::move(view));
}

asio::awaitable<Reply> CompaniesService::remove(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  std::string id(ctx.params.at("id").as_string());
  auto tenant = common::tenant_of(database_, ctx);
  co_await tenant.transaction([&](common::TenantSession& tx) -> asio::awaitable<void> {
    auto current = co_await CompaniesRepository::find(tx, id);
    crest::auth::authorize(*caller.abilities, Delete, "Company", subject_of(current.front()));
    co_await tx.soft_delete_by_id(kTable, id);
  });
  co_return Reply::ok(json::object{{"id", id}, {"deleted", true}});
}

}  // namespace crest::modules::companies
