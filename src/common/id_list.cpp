#include "common/id_list.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "core/db/sql_files.hpp"

namespace crest::common {

std::vector<std::string> ids_of(const db::Result& rows, std::string_view column) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].text(column));
  return out;
}

std::pair<std::string, db::Params> with_id_list(std::string_view sql, const std::vector<std::string>& ids,
                                                int first_placeholder) {
  if (sql.find("{ids}") == std::string_view::npos) throw std::logic_error("with_id_list: the SQL has no {ids}");
  if (ids.empty()) throw std::logic_error("with_id_list: no ids");
  std::vector<std::string> placeholders;
  db::Params params;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    placeholders.push_back(fmt::format("${}", first_placeholder + static_cast<int>(i)));
    params.emplace_back(ids[i]);
  }
  // Every occurrence, a comment's included: one left behind would reach the database as "{ids}".
  return {db::fill_placeholder(sql, "ids", fmt::format("{}", fmt::join(placeholders, ", "))), std::move(params)};
}

}  // namespace crest::common
