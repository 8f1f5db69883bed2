#include "modules/companies/companies_service.hpp"

#include <boost/json.hpp>

#include "common/crud.hpp"
#include "common/request_fields.hpp"
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

namespace {
// API field -> column, for the fields a create or an update may carry.
const common::ColumnMap& columns() {
  static const common::ColumnMap map{
      {"name", "name"}, {"domain", "domain"}, {"industry", "industry"},
      {"employeeRange", "employee_range"}, {"status", "status"}, {"ownerId", "owner_id"}};
  return map;
}

// What ability conditions on a company may look at.
json::object subject_of(const db::Row& row) {
  return {{"id", row.text("id")},
          {"ownerId", row.is_null("owner_id") ? json::value(nullptr) : json::value(row.text("owner_id"))},
          {"status", row.text("status")}};
}

// The view of one company, its aggregates read in the same statement.
asio::awaitable<View> view_of(common::TenantSession& session, std::string id) {
  auto row = co_await CompaniesRepository::find_with_aggregates(session, std::move(id));
  co_return present_company(row.front(), CompaniesRepository::aggregates_of(row.front()));
}

// ownerId must be a member of the workspace.
asio::awaitable<void> check_owner(common::TenantSession& session, const json::object& body) {
  if (const auto* owner = body.if_contains("ownerId"); owner && owner->is_string())
    co_await auth::require_member(session, "ownerId", std::string(owner->as_string()));
}

const common::CrudResource& resource() {
  static const common::CrudResource described{"companies", "Company", columns(), &CompaniesRepository::find,
                                              &view_of, &subject_of, &check_owner, true};
  return described;
}
}  // namespace

CompaniesService::CompaniesService(db::Database& database)
    : database_(database),
      pagination_({{"createdAt", "created_at"}, {"name", "name"}, {"updatedAt", "updated_at"}}) {}

schema::Schema CompaniesService::list_query() const { return common::list_query(contracts::list_filters(), pagination_); }

asio::awaitable<Reply> CompaniesService::list(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  CompanyFilters filters{common::optional_text(ctx.query, "search"), common::optional_text(ctx.query, "status"),
                         common::optional_text(ctx.query, "industry"), common::optional_text(ctx.query, "ownerId")};
  auto request = pagination_.request(ctx.query);
  auto tenant = common::tenant_of(database_, ctx);
  std::vector<View> items;
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
  co_return co_await common::read_one(resource(), database_, ctx);
}

asio::awaitable<Reply> CompaniesService::create(RequestContext& ctx) {
  common::Fields fields = common::fields_from(ctx.body.as_object(), columns());
  if (!ctx.body.as_object().contains("ownerId")) fields.emplace_back("owner_id", auth::caller(ctx).user_id);
  co_return co_await common::create_one(resource(), database_, ctx, std::move(fields));
}

asio::awaitable<Reply> CompaniesService::update(RequestContext& ctx) {
  co_return co_await common::update_one(resource(), database_, ctx);
}

asio::awaitable<Reply> CompaniesService::remove(RequestContext& ctx) {
  co_return co_await common::remove_one(resource(), database_, ctx);
}

}  // namespace crest::modules::companies
