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

ListFilter& ListFilter::readable(const auth::Abilities& abilities, std::string_view subject,
                                 const auth::ConditionColumns& columns) {
  auto filter = abilities.sql_filter(auth::action::Read, subject, columns,
                                     static_cast<std::size_t>(next_parameter()));
  sql += " AND " + filter.sql;
  for (auto& value : filter.params) params.push_back(std::move(value));
  return *this;
}

}  // namespace crest::common
