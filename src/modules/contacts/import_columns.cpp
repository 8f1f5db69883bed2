#include "modules/contacts/import_columns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace crest::modules::contacts {

const std::vector<std::string>& importable_fields() {
  static const std::vector<std::string> fields{"firstName", "lastName", "email", "phone", "title", "companyId"};
  return fields;
}

namespace {
std::string folded(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') continue;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}
}  // namespace

ImportColumns map_import_header(const std::vector<std::string>& header) {
  ImportColumns out;
  std::set<std::string> seen;
  for (const auto& name : header) {
    std::optional<std::string> field;
    for (const auto& candidate : importable_fields())
      if (folded(name) == folded(candidate)) field = candidate;
    if (!field) {
      out.unknown.push_back(name);
    } else if (!seen.insert(*field).second && out.problem.empty()) {
      out.problem = fmt::format("Two columns of the header name {}", *field);
    }
    out.field_of.push_back(std::move(field));
  }
  if (out.problem.empty() && seen.empty())
    out.problem = fmt::format("The header row names no contact field (it may name {})", fmt::join(importable_fields(), ", "));
  for (const char* required : {"firstName", "lastName"})
    if (out.problem.empty() && !seen.contains(required))
      out.problem = fmt::format("The header row has no {} column, which every contact needs", required);
  return out;
}

}  // namespace crest::modules::contacts
