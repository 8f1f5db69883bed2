#include "common/key_lookup.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace crest::common {

std::string row_by_key(std::string_view table, std::string_view key) {
  return fmt::format("(SELECT * FROM {} WHERE id = {} LIMIT 1)", table, key);
}

std::string narrowed_to_id(std::string_view sql, std::string_view table, std::string_view alias,
                           std::string_view placeholder) {
  std::string from = fmt::format("FROM {} {}\n", table, alias);
  auto at = sql.find(from);
  if (at == std::string_view::npos || sql.find(from, at + 1) != std::string_view::npos)
    throw std::logic_error(fmt::format("the statement has no single \"FROM {} {}\" line to narrow", table, alias));
  std::string out(sql.substr(0, at));
  out += fmt::format("FROM {} {}\n", row_by_key(table, placeholder), alias);
  out += sql.substr(at + from.size());
  return out;
}

}  // namespace crest::common
