#pragma once
// Pagination as SPEC.md has it: page (≥ 1, default 1), limit (1–100, default 10), sortBy from a
// per-resource allow-list (anything else is a 400), sortOrder asc|desc (default desc), a stable
// tie-break on id, and the total counted in the same statement (a top-N page beside a count).
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <string>
#include <vector>

#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"
#include "common/tenant_db.hpp"
#include "core/schema/schema.hpp"

namespace crest::common {

// API sort name -> SQL column, e.g. {"createdAt", "created_at"}; the first entry is the default.
struct SortColumn {
  std::string name;
  std::string column;
};

class Pagination {
 public:
  // id_column breaks ties so that pages never overlap or skip rows.
  explicit Pagination(std::vector<SortColumn> sortable, std::string id_column = "id");

  // The query-string fields: page, limit, sortBy (enum of the allow-list), sortOrder.
  std::vector<schema::Field> query_fields() const;

  struct Request {
    std::int64_t page = 1;
    std::int64_t limit = 10;
    std::string order_by;  // "created_at DESC, id DESC"
  };
  // From a query validated with query_fields().
  Request request(const boost::json::value& query) const;

  // Runs `select_sql` (any SELECT, with its own $1..$n params) as one page: rows plus the total
  // in one statement.
  boost::asio::awaitable<std::pair<db::Result, PageMeta>> fetch(db::Session& session,
                                                                const std::string& select_sql,
                                                                db::Params params,
                                                                const Request& request) const;
  boost::asio::awaitable<std::pair<db::Result, PageMeta>> fetch(db::Database& database,
                                                                const std::string& select_sql,
                                                                db::Params params,
                                                                const Request& request) const;

  // In a workspace: `$1` of select_sql is the workspace id, params follow as $2, $3, ... A large
  // total may come from TotalsCache instead of a count (up to its TTL old).
  boost::asio::awaitable<std::pair<db::Result, PageMeta>> fetch(TenantSession& session,
                                                                const std::string& select_sql,
                                                                db::Params params,
                                                                const Request& request) const;

  // The SQL fetch() runs (exposed for tests and EXPLAIN).
  std::string page_sql(const std::string& select_sql, std::size_t param_count, const Request& request) const;
  // The page's rows alone, when the total is known.
  std::string rows_sql(const std::string& select_sql, std::size_t param_count, const Request& request) const;

 private:
  // Runs a statement on whichever handle fetch() was given.
  using Runner = std::function<boost::asio::awaitable<db::Result>(const std::string&, const db::Params&)>;
  // By reference: the callers keep every argument alive across the await.
  boost::asio::awaitable<std::pair<db::Result, PageMeta>> fetch_page(const Runner& run,
                                                                     const std::string& select_sql,
                                                                     const db::Params& params,
                                                                     const Request& request) const;

  std::vector<SortColumn> sortable_;
  std::string id_column_;
};

}  // namespace crest::common
