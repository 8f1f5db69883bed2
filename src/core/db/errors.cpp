#include "core/db/errors.hpp"

#include <sstream>

#include "core/util/names.hpp"

namespace crest::db {

UniqueViolation::UniqueViolation(std::string field)
    : Conflict(field.empty() ? "A record with these values already exists"
                             : "A record with this " + field + " already exists"),
      field_(std::move(field)) {}

std::string unique_field_from_columns(std::string columns) {
  for (char& c : columns)
    if (c == '(' || c == ')') c = ' ';
  std::stringstream stream(columns);
  std::string item, chosen;
  while (std::getline(stream, item, ',')) {
    auto first = item.find_first_not_of(' ');
    auto last = item.find_last_not_of(' ');
    if (first == std::string::npos) continue;
    item = item.substr(first, last - first + 1);
    if (auto dot = item.rfind('.'); dot != std::string::npos) item = item.substr(dot + 1);
    if (auto space = item.rfind(' '); space != std::string::npos) item = item.substr(space + 1);  // lower(email)
    if (item == "workspace_id" || item == "deleted_at") continue;
    chosen += (chosen.empty() ? "" : ", ") + camel_case(item);
  }
  return chosen;
}

}  // namespace crest::db
