#include "common/list_filter.hpp"

#include <fmt/format.h>

#include "core/db/sql_files.hpp"

namespace crest::common {

ListFilter& ListFilter::search(const std::optional<std::string>& text, std::initializer_list<std::string_view> columns) {
  if (!text) return *this;
  int parameter = next_parameter();
  std::string any;
  for (auto column : columns)
    any += (any.empty() ? "" : " OR ") + db::dialect::contains_case_insensitive(engine_, column, parameter);
  sql += " AND (" + any + ")";
  params.emplace_back(db::dialect::escape_like(*text));
  return *this;
}

ListFilter& ListFilter::equals(std::string_view column, const std::optional<std::string>& value) {
  if (!value) return *this;
  sql += fmt::format(" AND {} = ${}", column, next_parameter());
  params.emplace_back(*value);
  return *this;
}

void append_allowed(std::string& sql, db::Params& params, const auth::Abilities& abilities, std::string_view action,
                    std::string_view subject, const auth::ConditionColumns& columns) {
  auto filter = abilities.sql_filter(action, subject, columns, params.size() + 2);
  sql += " AND " + filter.sql;
  for (auto& value : filter.params) params.push_back(std::move(value));
}

void fill_readable(std::string& sql, std::string_view token, db::Params& params, const auth::Abilities* abilities,
                   std::string_view subject, const auth::ConditionColumns& columns) {
  std::string marker = "{" + std::string(token) + "}";
  if (sql.find(marker) == std::string::npos) return;  // (no values bound for a condition nobody reads)
  std::string condition = "TRUE";
  if (abilities && abilities->restricted(auth::action::Read, subject)) {
    auto filter = abilities->sql_filter(auth::action::Read, subject, columns, params.size() + 2);
    condition = filter.sql;
    for (auto& value : filter.params) params.push_back(std::move(value));
  }
  for (std::size_t at; (at = sql.find(marker)) != std::string::npos;) sql.replace(at, marker.size(), condition);
}

ListFilter& ListFilter::readable(const auth::Abilities& abilities, std::string_view subject,
                                 const auth::ConditionColumns& columns) {
  append_allowed(sql, params, abilities, auth::action::Read, subject, columns);
  return *this;
}

}  // namespace crest::common
