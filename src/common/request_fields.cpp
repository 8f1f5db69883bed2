#include "common/request_fields.hpp"

namespace crest::common {

std::optional<std::string> optional_text(const boost::json::value& input, std::string_view field) {
  const auto* value = input.as_object().if_contains(field);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

Fields fields_from(const boost::json::object& body, const ColumnMap& columns) {
  Fields fields;
  for (const auto& [field, column] : columns) {
    const auto* value = body.if_contains(field);
    if (!value) continue;
    if (value->is_null()) fields.emplace_back(column, nullptr);
    else if (value->is_int64()) fields.emplace_back(column, value->as_int64());
    else if (value->is_uint64()) fields.emplace_back(column, static_cast<std::int64_t>(value->as_uint64()));
    else if (value->is_bool()) fields.emplace_back(column, static_cast<std::int64_t>(value->as_bool()));
    else fields.emplace_back(column, std::string(value->as_string()));
  }
  return fields;
}

std::vector<std::string> field_names(const boost::json::object& body) {
  std::vector<std::string> names;
  for (const auto& field : body) names.emplace_back(field.key());
  return names;
}

schema::Schema list_query(std::vector<schema::Field> filters, const Pagination& pagination) {
  for (auto& field : pagination.query_fields()) filters.push_back(std::move(field));
  return schema::object(std::move(filters));
}

}  // namespace crest::common
