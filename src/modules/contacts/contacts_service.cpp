#include "modules/contacts/contacts_service.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/key_lookup.hpp"
#include "common/crud.hpp"
#include "common/id_list.hpp"
#include "common/list_filter.hpp"
#include "common/request_fields.hpp"
#include "common/tenant_db.hpp"
#include "core/auth/abilities.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "modules/activities/last_activity.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/member_reference.hpp"
#include "modules/auth/role_abilities.hpp"
#include "modules/contacts/contact_presenter.hpp"
#include "modules/contacts/contact_schema.hpp"

namespace crest::modules::contacts {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
std::string_view list_sql() { return db::sql_file("src/modules/contacts/queries/list.sql"); }

const common::ColumnMap& columns() {
  static const common::ColumnMap map{
      {"firstName", "first_name"}, {"lastName", "last_name"}, {"email", "email"}, {"phone", "phone"},
      {"title", "title"},          {"companyId", "company_id"}, {"ownerId", "owner_id"}};
  return map;
}

// companyId must be a company of this workspace, ownerId one of its members.
asio::awaitable<void> check_references(common::TenantSession& session, const json::object& body) {
  if (const auto* company = body.if_contains("companyId"); company && company->is_string()) {
    std::vector<common::TenantSession::Reference> references{{"companyId", "companies", std::string(company->as_string())}};
    co_await session.require_references(std::move(references));
  }
  if (const auto* owner = body.if_contains("ownerId"); owner && owner->is_string())
    co_await auth::require_member(session, "ownerId", std::string(owner->as_string()));
}

json::object subject_of(const db::Row& row) {
  return {{"id", row.text("id")},
          {"ownerId", row.is_null("owner_id") ? json::value(nullptr) : json::value(row.text("owner_id"))}};
}

// The list's statement with its company shown only when the caller may read it.
std::string narrowed_list(db::Params& params, const crest::auth::Abilities* abilities) {
  std::string sql(list_sql());
  common::fill_readable(sql, "company_readable", params, abilities, "Company", auth::condition_columns("Company", "co"));
  return sql;
}

asio::awaitable<db::Result> find(common::TenantSession& session, std::string id) {
  db::Params params;
  std::string sql = narrowed_list(params, session.abilities());
  params.emplace_back(std::move(id));
  sql = common::narrowed_to_id(sql, "contacts", "ct", "$" + std::to_string(params.size() + 1));
  auto rows = co_await session.query(sql, std::move(params));
  if (rows.empty()) throw NotFound("No such contact");
  co_return rows;
}

asio::awaitable<View> view_of(common::TenantSession& session, std::string id) {
  auto rows = co_await find(session, std::move(id));
  auto last = co_await activities::last_activities(session, activities::ActivityParent::Contact, common::ids_of(rows));
  auto it = last.find(rows.front().text("id"));
  co_return present_contact(rows.front(), it == last.end() ? std::nullopt : std::optional(it->second));
}

const common::CrudResource& resource() {
  static const common::CrudResource described{"contacts", "Contact", columns(), &find, &view_of, &subject_of,
                                              &check_references};
  return described;
}

}  // namespace

ContactsService::ContactsService(db::Database& database)
    : database_(database),
      pagination_({{"createdAt", "created_at"}, {"lastName", "last_name"}, {"updatedAt", "updated_at"}}) {}

schema::Schema ContactsService::list_query() const { return common::list_query(contracts::list_filters(), pagination_); }

asio::awaitable<Reply> ContactsService::list(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  common::ListFilter where(list_sql(), database_.engine());
  where.sql = narrowed_list(where.params, caller.abilities.get());
  where.search(common::optional_text(ctx.query, "search"), {"ct.first_name", "ct.last_name", "ct.email"})
      .equals("ct.company_id", common::optional_text(ctx.query, "companyId"))
      .equals("ct.owner_id", common::optional_text(ctx.query, "ownerId"))
      .readable(*caller.abilities, "Contact", {{"id", "ct.id"}, {"ownerId", "ct.owner_id"}});

  auto request = pagination_.request(ctx.query);
  auto tenant = common::tenant_of(database_, ctx);
  std::vector<View> items;
  PageMeta meta;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    auto page = co_await pagination_.fetch(s, where.sql, where.params, request);
    auto last = co_await activities::last_activities(s, activities::ActivityParent::Contact, common::ids_of(page.first));
    for (std::size_t i = 0; i < page.first.size(); ++i) {
      auto it = last.find(page.first[i].text("id"));
      items.push_back(present_contact(page.first[i], it == last.end() ? std::nullopt : std::optional(it->second)));
    }
    meta = page.second;
  });
  co_return Reply::page(std::move(items), meta);
}

asio::awaitable<Reply> ContactsService::get(RequestContext& ctx) {
  co_return co_await common::read_one(resource(), database_, ctx);
}

asio::awaitable<Reply> ContactsService::create(RequestContext& ctx) {
  common::Fields fields = common::fields_from(ctx.body.as_object(), columns());
  if (!ctx.body.as_object().contains("ownerId")) fields.emplace_back("owner_id", auth::caller(ctx).user_id);
  co_return co_await common::create_one(resource(), database_, ctx, std::move(fields));
}

asio::awaitable<Reply> ContactsService::update(RequestContext& ctx) {
  co_return co_await common::update_one(resource(), database_, ctx);
}

asio::awaitable<Reply> ContactsService::remove(RequestContext& ctx) {
  co_return co_await common::remove_one(resource(), database_, ctx);
}

}  // namespace crest::modules::contacts
