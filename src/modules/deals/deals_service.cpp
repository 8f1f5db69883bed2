#include "modules/deals/deals_service.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/key_lookup.hpp"
#include "common/presenters/money.hpp"
#include "common/crud.hpp"
#include "common/list_filter.hpp"
#include "common/request_fields.hpp"
#include "common/tenant_db.hpp"
#include "core/auth/abilities.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/time.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/member_reference.hpp"
#include "modules/auth/role_abilities.hpp"
#include "modules/deals/deal_presenter.hpp"
#include "modules/deals/deal_schema.hpp"

namespace crest::modules::deals {
namespace asio = boost::asio;
namespace json = boost::json;
using crest::auth::action::Update;

namespace {
constexpr std::string_view kTable = "deals";

std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/modules/deals/queries/") + std::string(name) + ".sql");
}

// API field -> column, for what a create or an update may carry (the stage moves on its own route).
const common::ColumnMap& columns() {
  static const common::ColumnMap map{
      {"title", "title"},       {"companyId", "company_id"}, {"contactId", "contact_id"},
      {"amountCents", "amount_cents"}, {"currency", "currency"}, {"expectedCloseDate", "expected_close_date"},
      {"ownerId", "owner_id"},  {"stage", "stage"}};
  return map;
}

asio::awaitable<void> check_references(common::TenantSession& session, const json::object& body) {
  std::vector<common::TenantSession::Reference> references;
  if (const auto* company = body.if_contains("companyId"); company && company->is_string())
    references.push_back({"companyId", "companies", std::string(company->as_string())});
  if (const auto* contact = body.if_contains("contactId"); contact && contact->is_string())
    references.push_back({"contactId", "contacts", std::string(contact->as_string())});
  co_await session.require_references(std::move(references));
  if (const auto* owner = body.if_contains("ownerId"); owner && owner->is_string())
    co_await auth::require_member(session, "ownerId", std::string(owner->as_string()));
}

// What ability conditions on a deal may name, as columns of `deals d`.
const crest::auth::ConditionColumns& condition_columns() {
  static const crest::auth::ConditionColumns columns{{"id", "d.id"}, {"ownerId", "d.owner_id"}, {"stage", "d.stage"}};
  return columns;
}

json::object subject_of(const db::Row& row) {
  return {{"id", row.text("id")},
          {"ownerId", row.is_null("owner_id") ? json::value(nullptr) : json::value(row.text("owner_id"))},
          {"stage", row.text("stage")}};
}

// The list's statement with its company and contact shown only when the caller may read them.
std::string narrowed_list(db::Params& params, const crest::auth::Abilities* abilities) {
  std::string sql(query("list"));
  common::fill_readable(sql, "company_readable", params, abilities, "Company", auth::condition_columns("Company", "co"));
  common::fill_readable(sql, "contact_readable", params, abilities, "Contact", auth::condition_columns("Contact", "ct"));
  return sql;
}

asio::awaitable<db::Result> find(common::TenantSession& session, std::string id) {
  db::Params params;
  std::string sql = narrowed_list(params, session.abilities());
  params.emplace_back(std::move(id));
  sql = common::narrowed_to_id(sql, "deals", "d", "$" + std::to_string(params.size() + 1));
  auto rows = co_await session.query(sql, std::move(params));
  if (rows.empty()) throw NotFound("No such deal");
  co_return rows;
}

asio::awaitable<View> view_of(common::TenantSession& session, std::string id) {
  auto rows = co_await find(session, std::move(id));
  co_return present_deal(rows.front());
}

const common::CrudResource& resource() {
  static const common::CrudResource described{"deals", "Deal", columns(), &find, &view_of, &subject_of, &check_references,
                                              true};
  return described;
}

}  // namespace

DealsService::DealsService(db::Database& database)
    : database_(database),
      pagination_({{"createdAt", "created_at"}, {"amountCents", "amount_cents"},
                   {"expectedCloseDate", "expected_close_date"}, {"updatedAt", "updated_at"}}) {}

schema::Schema DealsService::list_query() const { return common::list_query(contracts::list_filters(), pagination_); }

asio::awaitable<Reply> DealsService::list(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  common::ListFilter where(query("list"), database_.engine());
  where.sql = narrowed_list(where.params, caller.abilities.get());
  where.search(common::optional_text(ctx.query, "search"), {"d.title"})
      .equals("d.stage", common::optional_text(ctx.query, "stage"))
      .equals("d.company_id", common::optional_text(ctx.query, "companyId"))
      .equals("d.owner_id", common::optional_text(ctx.query, "ownerId"))
      .readable(*caller.abilities, "Deal", condition_columns());
  auto request = pagination_.request(ctx.query);
  auto tenant = common::tenant_of(database_, ctx);
  std::pair<db::Result, PageMeta> page;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    page = co_await pagination_.fetch(s, where.sql, where.params, request);
  });
  std::vector<View> items;
  for (std::size_t i = 0; i < page.first.size(); ++i) items.push_back(present_deal(page.first[i]));
  co_return Reply::page(std::move(items), page.second);
}

asio::awaitable<Reply> DealsService::get(RequestContext& ctx) {
  co_return co_await common::read_one(resource(), database_, ctx);
}

asio::awaitable<Reply> DealsService::create(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  const json::object& body = ctx.body.as_object();
  common::Fields fields = common::fields_from(body, columns());
  if (!body.contains("ownerId")) fields.emplace_back("owner_id", caller.user_id);
  std::string now = iso8601_now();
  fields.emplace_back("stage_changed_at", now);
  if (const auto* stage = body.if_contains("stage"); stage && contracts::is_closed(stage->as_string()))
    fields.emplace_back("closed_at", now);
  co_return co_await common::create_one(resource(), database_, ctx, std::move(fields));
}

asio::awaitable<Reply> DealsService::update(RequestContext& ctx) {
  co_return co_await common::update_one(resource(), database_, ctx);
}

// The stage, stageChangedAt, closedAt (Won/Lost) and an activity recording the move: all or none.
asio::awaitable<Reply> DealsService::move_stage(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  std::string id(ctx.params.at("id").as_string());
  const json::object& body = ctx.body.as_object();
  std::string stage(body.at("stage").as_string());
  std::string reason = body.contains("reason") ? std::string(body.at("reason").as_string()) : std::string();
  std::vector<std::string> changed{"stage"};
  auto tenant = common::tenant_of(database_, ctx);
  View view = View::null();
  co_await tenant.transaction([&](common::TenantSession& tx) -> asio::awaitable<void> {
    auto current = co_await find(tx, id);
    const auto deal = current.front();
    crest::auth::authorize(*caller.abilities, Update, "Deal", subject_of(deal), changed);
    if (deal.text("stage") == stage) throw Conflict(fmt::format("The deal is already in {}", stage));
    std::string now = iso8601_now();
    common::Fields fields{{"stage", stage},
                          {"stage_changed_at", now},
                          {"closed_at", contracts::is_closed(stage) ? db::Value(now) : db::Value(nullptr)}};
    co_await tx.update_by_id(kTable, id, fields);
    std::string kind = stage == "Won" ? "Deal Won" : stage == "Lost" ? "Deal Lost" : "Note";
    common::Fields activity{{"kind", kind},
                            {"subject", fmt::format("{} moved from {} to {}", deal.text("title"), deal.text("stage"), stage)},
                            {"body", reason.empty() ? db::Value(nullptr) : db::Value(reason)},
                            {"at", now},
                            {"deal_id", id},
                            {"company_id", deal.text("company_id")},
                            {"contact_id", deal.is_null("contact_id") ? db::Value(nullptr) : db::Value(deal.text("contact_id"))}};
    co_await tx.insert("activities", activity);
    view = co_await view_of(tx, id);
  });
  co_return Reply::ok(std::move(view));
}

asio::awaitable<Reply> DealsService::remove(RequestContext& ctx) {
  co_return co_await common::remove_one(resource(), database_, ctx);
}

asio::awaitable<Reply> DealsService::pipeline(RequestContext& ctx) {
  const Principal& caller = auth::caller(ctx);
  std::string currency(ctx.query.at("currency").as_string());
  // The sums count only the deals the caller may read.
  std::string sql(query("pipeline"));
  db::Params params{currency};
  common::append_allowed(sql, params, *caller.abilities, crest::auth::action::Read, "Deal", condition_columns());
  sql += " GROUP BY d.stage";
  auto tenant = common::tenant_of(database_, ctx);
  db::Result rows;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    rows = co_await s.query(sql, params);
  });
  json::array stages;
  std::int64_t total_deals = 0, total_amount = 0;
  for (const auto& stage : contracts::stages()) {
    std::int64_t deals = 0, amount = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].text("stage") != stage) continue;
      deals = rows[i].integer("deals");
      amount = common::money_sum(rows[i].value("amount_cents"));
    }
    total_deals += deals;
    total_amount = common::add_money(total_amount, amount);
    stages.push_back(json::object{{"stage", stage}, {"dealsCount", deals}, {"amountCents", amount},
                                  {"label", common::money_label(amount, currency)}});
  }
  co_return Reply::ok(json::object{
      {"currency", currency},
      {"stages", std::move(stages)},
      {"totals", {{"dealsCount", total_deals}, {"amountCents", total_amount}, {"label", common::money_label(total_amount, currency)}}}});
}

}  // namespace crest::modules::deals
