#include "common/id_list.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace crest::common {

std::vector<std::string> ids_of(const db::Result& rows, std::string_view column) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].text(column));
  return out;
}

std::pair<std::string, db::Params> with_id_list(std::string_view sql, const std::vector<std::string>& ids,
                                                int first_placeholder) {
  auto at = sql.find("{ids}");
  if (at == std::string_view::npos) throw std::logic_error("with_id_list: the SQL has no {ids}");
  if (ids.empty()) throw std::logic_error("with_id_list: no ids");
  std::vector<std::string> placeholders;
  db::Params params;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    placeholders.push_back(fmt::format("${}", first_placeholder + static_cast<int>(i)));
    params.emplace_back(ids[i]);
  }
  std::string text(sql);
  text.replace(at, 5, fmt::format("{}", fmt::join(placeholders, ", ")));
  return {std::move(text), std::move(params)};
}

}  // namespace crest::common
