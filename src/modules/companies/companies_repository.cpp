#include "modules/companies/companies_repository.hpp"

#include <fmt/format.h>

#include "common/key_lookup.hpp"
#include "common/id_list.hpp"
#include "common/list_filter.hpp"
#include "common/presenters/money.hpp"
#include "core/db/sql_files.hpp"
#include "modules/activities/last_activity.hpp"
#include "modules/auth/role_abilities.hpp"
#include "core/errors.hpp"

namespace crest::modules::companies {
namespace asio = boost::asio;

namespace {
std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/modules/companies/queries/") + std::string(name) + ".sql");
}

const crest::auth::ConditionColumns& condition_columns() {
  static const crest::auth::ConditionColumns columns{{"id", "c.id"}, {"ownerId", "c.owner_id"}, {"status", "c.status"}};
  return columns;
}

common::ListFilter list_filter(common::TenantSession& session, const CompanyFilters& filters,
                               const crest::auth::Abilities& abilities) {
  common::ListFilter where(query("list"), session.unscoped().engine());
  where.search(filters.search, {"c.name", "c.domain"})
      .equals("c.status", filters.status)
      .equals("c.industry", filters.industry)
      .equals("c.owner_id", filters.owner_id)
      .readable(abilities, "Company", condition_columns());
  return where;
}
}  // namespace

asio::awaitable<std::pair<db::Result, PageMeta>> CompaniesRepository::page(
    common::TenantSession& session, const CompanyFilters& filters, const crest::auth::Abilities& abilities,
    const common::Pagination& pagination, const common::Pagination::Request& request) {
  auto where = list_filter(session, filters, abilities);
  auto page = co_await pagination.fetch(session, where.sql, std::move(where.params), request);
  co_return page;
}

asio::awaitable<std::int64_t> CompaniesRepository::count(common::TenantSession& session, const CompanyFilters& filters,
                                                         const crest::auth::Abilities& abilities) {
  auto where = list_filter(session, filters, abilities);
  std::string sql = "SELECT count(*) AS total FROM (" + where.sql + ") AS counted";
  auto rows = co_await session.query(sql, std::move(where.params));
  co_return rows.front().integer("total");
}

asio::awaitable<db::Result> CompaniesRepository::export_batch(common::TenantSession& session,
                                                              const CompanyFilters& filters,
                                                              const crest::auth::Abilities& abilities,
                                                              const ExportOrder& order, const db::Row* after,
                                                              std::int64_t limit) {
  auto where = list_filter(session, filters, abilities);
  const std::string column = "c." + std::string(common::checked_identifier(order.column));
  const char* direction = order.descending ? "DESC" : "ASC";
  if (after) {
    // The key as the engine stored it (row.text, not row.time): PostgreSQL's microseconds survive.
    int n = static_cast<int>(where.params.size()) + 2;
    where.sql += fmt::format(" AND ({0}, c.id) {1} (${2}, ${3})", column, order.descending ? "<" : ">", n, n + 1);
    where.params.emplace_back(after->text(order.column));
    where.params.emplace_back(after->text("id"));
  }
  where.sql += fmt::format(" ORDER BY {0} {1}, c.id {1} LIMIT {2}", column, direction, limit);
  co_return co_await session.query(where.sql, std::move(where.params));
}

asio::awaitable<db::Result> CompaniesRepository::find(common::TenantSession& session, std::string id) {
  std::string sql = common::narrowed_to_id(query("list"), "companies", "c", "$2");
  db::Params params{std::move(id)};
  auto rows = co_await session.query(sql, std::move(params));
  if (rows.empty()) throw NotFound("No such company");
  co_return rows;
}

namespace {
// The counts and sums of a company take in only the deals and contacts the caller may read.
void narrow_sums(std::string& sql, db::Params& params, const crest::auth::Abilities* abilities, std::string_view deals,
                 std::string_view contacts) {
  common::fill_readable(sql, "deal_readable", params, abilities, "Deal", auth::condition_columns("Deal", deals));
  common::fill_readable(sql, "contact_readable", params, abilities, "Contact", auth::condition_columns("Contact", contacts));
}
}  // namespace

asio::awaitable<db::Result> CompaniesRepository::find_with_aggregates(common::TenantSession& session, std::string id) {
  db::Params params{std::move(id)};
  std::string sql(query("view"));
  narrow_sums(sql, params, session.abilities(), "d", "k");
  auto rows = co_await session.query(sql, std::move(params));
  if (rows.empty()) throw NotFound("No such company");
  co_return rows;
}

CompanyAggregates CompaniesRepository::aggregates_of(const db::Row& row) {
  CompanyAggregates out;
  out.contacts = row.integer("contacts_count");
  out.open_deals = row.integer("open_deals_count");
  if (auto cents = common::money_sum(row.value("pipeline_cents")); cents > 0) {
    out.pipeline_cents = cents;
    out.pipeline_currency = row.text("pipeline_currency");
  }
  if (!row.is_null("last_activity_kind"))
    out.last_activity = activities::LastActivity{row.text("last_activity_kind"), row.time("last_activity_at")};
  return out;
}

asio::awaitable<AggregatesById> CompaniesRepository::aggregates(common::TenantSession& session, const db::Result& rows) {
  AggregatesById out;
  if (rows.empty()) co_return out;
  std::vector<std::string> ids = common::ids_of(rows);
  for (const auto& id : ids) out[id];

  // The three reads depend on the page's ids only, not on each other: one round trip.
  // (No structured bindings across co_await: g++ 12 mishandles them in coroutines.)
  auto contacts_query = common::with_id_list(query("contacts_counts"), ids, 2);  // $1 is the workspace
  narrow_sums(contacts_query.first, contacts_query.second, session.abilities(), "", "");
  auto deals_query = common::with_id_list(query("open_deals"), ids, 2);
  narrow_sums(deals_query.first, deals_query.second, session.abilities(), "", "");
  std::vector<db::Statement> reads{{std::move(contacts_query.first), std::move(contacts_query.second)},
                                   {std::move(deals_query.first), std::move(deals_query.second)},
                                   activities::last_activities_statement(activities::ActivityParent::Company, ids)};
  auto results = co_await session.query_together(std::move(reads));
  const db::Result& contacts = results[0];
  const db::Result& deals = results[1];
  for (std::size_t i = 0; i < contacts.size(); ++i)
    out[contacts[i].text("company_id")].contacts = contacts[i].integer("contacts");

  // The pipeline value is shown in the currency holding most of the open amount: each company's
  // rows come largest first.
  for (std::size_t i = 0; i < deals.size(); ++i) {
    auto& company = out[deals[i].text("company_id")];
    company.open_deals += deals[i].integer("deals");
    std::int64_t amount = common::money_sum(deals[i].value("amount_cents"));
    if (amount > company.pipeline_cents) {
      company.pipeline_cents = amount;
      company.pipeline_currency = deals[i].text("currency");
    }
  }
  for (auto& [id, activity] : activities::read_last_activities(results[2])) out[id].last_activity = std::move(activity);
  co_return out;
}

}  // namespace crest::modules::companies
