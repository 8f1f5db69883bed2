#include "modules/companies/companies_repository.hpp"

#include <fmt/format.h>

#include "core/db/sql_files.hpp"
#include "core/errors.hpp"

namespace crest::modules::companies {
namespace asio = boost::asio;

namespace {
std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/modules/companies/queries/") + std::string(name) + ".sql");
}

// The statement with `{ids}` replaced by $2..$n+1, and its parameters after the workspace's $1.
std::pair<std::string, db::Params> for_ids(std::string_view sql, const db::Result& rows) {
  std::vector<std::string> placeholders;
  db::Params ids;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ids.emplace_back(rows[i].text("id"));
    placeholders.push_back(fmt::format("${}", i + 2));
  }
  std::string text(sql);
  text.replace(text.find("{ids}"), 5, fmt::format("{}", fmt::join(placeholders, ", ")));
  return {std::move(text), std::move(ids)};
}

const crest::auth::ConditionColumns& condition_columns() {
  static const crest::auth::ConditionColumns columns{{"id", "c.id"}, {"ownerId", "c.owner_id"}, {"status", "c.status"}};
  return columns;
}
}  // namespace

asio::awaitable<std::pair<db::Result, PageMeta>> CompaniesRepository::page(
    common::TenantSession& session, const CompanyFilters& filters, const crest::auth::Abilities& abilities,
    const common::Pagination& pagination, const common::Pagination::Request& request) {
  std::string sql(query("list"));
  db::Params params;  // $1, the workspace, is bound by the tenant session
  auto next = [&] { return static_cast<int>(params.size()) + 2; };
  if (filters.search) {
    auto engine = session.unscoped().engine();
    sql += fmt::format(" AND ({} OR {})", db::dialect::contains_case_insensitive(engine, "c.name", next()),
                       db::dialect::contains_case_insensitive(engine, "c.domain", next()));
    params.emplace_back(db::dialect::escape_like(*filters.search));
  }
  for (const auto& [column, value] : {std::pair{"c.status", filters.status}, std::pair{"c.industry", filters.industry},
                                      std::pair{"c.owner_id", filters.owner_id}}) {
    if (!value) continue;
    sql += fmt::format(" AND {} = ${}", column, next());
    params.emplace_back(*value);
  }
  auto readable = abilities.sql_filter(crest::auth::action::Read, "Company", condition_columns(),
                                       static_cast<std::size_t>(next()));
  sql += " AND " + readable.sql;
  for (auto& value : readable.params) params.push_back(std::move(value));
  auto page = co_await pagination.fetch(session, sql, std::move(params), request);
  co_return page;
}

asio::awaitable<db::Result> CompaniesRepository::find(common::TenantSession& session, std::string id) {
  std::string sql = std::string(query("list")) + " AND c.id = $2";
  db::Params params{std::move(id)};
  auto rows = co_await session.query(sql, std::move(params));
  if (rows.empty()) throw NotFound("No such company");
  co_return rows;
}

asio::awaitable<AggregatesById> CompaniesRepository::aggregates(common::TenantSession& session, const db::Result& rows) {
  AggregatesById out;
  if (rows.empty()) co_return out;
  for (std::size_t i = 0; i < rows.size(); ++i) out[rows[i].text("id")];

  // (No structured bindings across co_await: g++ 12 mishandles them in coroutines.)
  auto contacts_query = for_ids(query("contacts_counts"), rows);
  auto contacts = co_await session.query(contacts_query.first, std::move(contacts_query.second));
  for (std::size_t i = 0; i < contacts.size(); ++i)
    out[contacts[i].text("company_id")].contacts = contacts[i].integer("contacts");

  // The pipeline value is shown in the currency holding most of the open amount.
  auto deals_query = for_ids(query("open_deals"), rows);
  auto deals = co_await session.query(deals_query.first, std::move(deals_query.second));
  std::map<std::string, std::int64_t> largest;
  for (std::size_t i = 0; i < deals.size(); ++i) {
    auto& company = out[deals[i].text("company_id")];
    company.open_deals += deals[i].integer("deals");
    std::int64_t amount = deals[i].integer("amount_cents");
    auto& best = largest[deals[i].text("company_id")];
    if (amount > best || company.pipeline_cents == 0) {
      best = amount;
      company.pipeline_cents = amount;
      company.pipeline_currency = deals[i].text("currency");
    }
  }

  auto activity_query = for_ids(query("last_activities"), rows);
  auto activities = co_await session.query(activity_query.first, std::move(activity_query.second));
  for (std::size_t i = 0; i < activities.size(); ++i) {
    auto& company = out[activities[i].text("company_id")];
    company.last_activity_kind = activities[i].text("kind");
    company.last_activity_at = activities[i].time("at");
  }
  co_return out;
}

asio::awaitable<bool> CompaniesRepository::is_member(common::TenantSession& session, std::string user_id) {
  db::Params params{std::move(user_id)};
  auto rows = co_await session.query(query("is_member"), std::move(params));
  co_return !rows.empty();
}

}  // namespace crest::modules::companies
