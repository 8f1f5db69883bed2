#pragma once
// The WHERE clause of a list, built up from the request: every value is a bound parameter,
// numbered after the workspace's $1 (which the tenant session binds), and the caller's
// abilities always end it.
//
//   common::ListFilter where(query("list"), session.unscoped().engine());
//   where.search(filters.search, {"c.name", "c.domain"})
//       .equals("c.status", filters.status)
//       .readable(abilities, "Company", condition_columns());
//   auto page = co_await pagination.fetch(session, where.sql, std::move(where.params), request);
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth/abilities.hpp"
#include "core/db/database.hpp"

namespace crest::common {

// Appends " AND <what the caller may `action` of subject>" to sql, its values to params, numbered
// after the workspace's $1 and the params already there.
void append_allowed(std::string& sql, db::Params& params, const auth::Abilities& abilities, std::string_view action,
                    std::string_view subject, const auth::ConditionColumns& columns);

// Replaces every `{token}` in sql with what the caller may read of subject ("TRUE" when they may
// read all of it, or without abilities), its values appended to params as append_allowed does.
// For the references a row embeds and the sums it shows: `(SELECT co.name ... AND {company_readable})`.
void fill_readable(std::string& sql, std::string_view token, db::Params& params, const auth::Abilities* abilities,
                   std::string_view subject, const auth::ConditionColumns& columns);

class ListFilter {
 public:
  ListFilter(std::string_view select_sql, db::Engine engine) : sql(select_sql), engine_(engine) {}

  // When text is given: case-insensitive "contains" in any of columns (ILIKE / LIKE, with %, _
  // and \ in the text matched literally).
  ListFilter& search(const std::optional<std::string>& text, std::initializer_list<std::string_view> columns);
  // When value is given: column = value.
  ListFilter& equals(std::string_view column, const std::optional<std::string>& value);
  // What the caller may read of subject, as SQL over columns (CASL's rulesToQuery).
  ListFilter& readable(const auth::Abilities& abilities, std::string_view subject,
                       const auth::ConditionColumns& columns);

  std::string sql;
  db::Params params;  // $2, $3, ...

 private:
  int next_parameter() const { return static_cast<int>(params.size()) + 2; }
  db::Engine engine_;
};

}  // namespace crest::common
