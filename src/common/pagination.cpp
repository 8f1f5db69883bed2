#include "common/pagination.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <functional>
#include <stdexcept>

#include "common/totals_cache.hpp"

namespace crest::common {
namespace json = boost::json;
using namespace crest::schema;

Pagination::Pagination(std::vector<SortColumn> sortable, std::string id_column)
    : sortable_(std::move(sortable)), id_column_(std::move(id_column)) {
  if (sortable_.empty()) throw std::logic_error("Pagination needs at least one sortable column");
}

std::vector<Field> Pagination::query_fields() const {
  std::vector<std::string> names;
  for (const auto& s : sortable_) names.push_back(s.name);
  return {
      {"page", integer().min(1).max(1'000'000).default_value(1).describe("Page number, from 1")},
      {"limit", integer().min(1).max(100).default_value(10).describe("Rows per page, 1 to 100")},
      {"sortBy", enumeration(names).default_value(boost::json::string(names.front()))},
      {"sortOrder", enumeration({"asc", "desc"}).default_value("desc")},
  };
}

Pagination::Request Pagination::request(const json::value& query) const {
  Request out;
  const auto& q = query.as_object();
  out.page = q.at("page").to_number<std::int64_t>();
  out.limit = q.at("limit").to_number<std::int64_t>();
  std::string_view sort_by = q.at("sortBy").as_string();
  std::string direction = q.at("sortOrder") == "asc" ? "ASC" : "DESC";
  for (const auto& s : sortable_) {
    if (s.name != sort_by) continue;
    // Only allow-listed column names ever reach the SQL text.
    out.order_by = s.column + " " + direction;
    if (s.column != id_column_) out.order_by += ", " + id_column_ + " " + direction;
    return out;
  }
  throw BadRequest("sortBy must be one of the sortable fields");
}

// The page is a top-N over the ordered source (an index on the sort columns serves it without
// reading the rest), and the total a count beside it, in the same statement: count(*) OVER ()
// would sort and count every matching row before the LIMIT. The count is an uncorrelated scalar
// subquery, which PostgreSQL runs once as an InitPlan whatever it believes about the tables (as
// a join, a table without statistics got it planned as the inner side of a nested loop: one
// count per row of the page). SQLite evaluates such a subquery once too.
std::string Pagination::page_sql(const std::string& select_sql, std::size_t param_count,
                                 const Request& request) const {
  return fmt::format(
      "SELECT page_rows.*, (SELECT count(*) FROM ({0}) AS counted) AS total_count FROM "
      "(SELECT page_source.* FROM ({0}) AS page_source ORDER BY {1} LIMIT ${2} OFFSET ${3}) AS page_rows "
      "ORDER BY {1}",
      select_sql, request.order_by, param_count + 1, param_count + 2);
}

std::string Pagination::rows_sql(const std::string& select_sql, std::size_t param_count,
                                 const Request& request) const {
  return fmt::format("SELECT page_source.* FROM ({0}) AS page_source ORDER BY {1} LIMIT ${2} OFFSET ${3}", select_sql,
                     request.order_by, param_count + 1, param_count + 2);
}

boost::asio::awaitable<std::pair<db::Result, PageMeta>> Pagination::fetch(
    db::Session& session, const std::string& select_sql, db::Params params, const Request& request) const {
  Runner run = [&session](const std::string& sql, const db::Params& p) { return session.query(sql, p); };
  auto page = co_await fetch_page(run, select_sql, params, request);
  co_return page;
}

boost::asio::awaitable<std::pair<db::Result, PageMeta>> Pagination::fetch(
    db::Database& database, const std::string& select_sql, db::Params params, const Request& request) const {
  Runner run = [&database](const std::string& sql, const db::Params& p) { return database.query(sql, p); };
  auto page = co_await fetch_page(run, select_sql, params, request);
  co_return page;
}

boost::asio::awaitable<std::pair<db::Result, PageMeta>> Pagination::fetch(
    TenantSession& session, const std::string& select_sql, db::Params params, const Request& request) const {
  const std::string& workspace = session.tenant().workspace_id;
  params.insert(params.begin(), workspace);
  db::Session& unscoped = session.unscoped();  // select_sql filters by $1 itself
  // A large total seen a moment ago stands in for counting every row again (totals_cache.hpp).
  auto& totals = TotalsCache::instance();
  std::string total_key = TotalsCache::key(select_sql, params);
  if (auto total = totals.find(workspace, total_key)) {
    db::Params paged = params;
    paged.emplace_back(request.limit);
    paged.emplace_back((request.page - 1) * request.limit);
    std::string sql = rows_sql(select_sql, params.size(), request);
    auto rows = co_await unscoped.query(sql, paged);
    PageMeta meta{std::max<std::int64_t>(*total, (request.page - 1) * request.limit + static_cast<std::int64_t>(rows.size())),
                  request.page, request.limit};
    co_return std::pair{std::move(rows), meta};
  }
  auto page = co_await fetch(unscoped, select_sql, std::move(params), request);
  totals.store(workspace, total_key, page.second.total, session.totals_generation());
  co_return page;
}

boost::asio::awaitable<std::pair<db::Result, PageMeta>> Pagination::fetch_page(
    const Runner& run, const std::string& select_sql, const db::Params& params, const Request& request) const {
  std::string sql = page_sql(select_sql, params.size(), request);
  std::string count_sql = "SELECT count(*) AS total FROM (" + select_sql + ") AS page_source";
  db::Params paged = params;
  paged.emplace_back(request.limit);
  paged.emplace_back((request.page - 1) * request.limit);
  auto rows = co_await run(sql, paged);
  PageMeta meta{0, request.page, request.limit};
  if (!rows.empty()) {
    meta.total = rows.front().integer("total_count");
  } else if (request.page > 1) {
    // The window count rides on the rows; a page past the end needs a count of its own.
    auto counted = co_await run(count_sql, params);
    meta.total = counted.front().integer("total");
  }
  co_return std::pair{std::move(rows), meta};
}

}  // namespace crest::common
