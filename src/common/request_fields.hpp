#pragma once
// Reading validated request input the same way in every module: optional query values, body
// fields mapped to columns, the names a PATCH changes, and a list's query schema.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/pagination.hpp"
#include "common/tenant_db.hpp"
#include "core/schema/schema.hpp"

namespace crest::common {

// API field -> SQL column, for what a create or an update may carry.
using ColumnMap = std::vector<std::pair<std::string, std::string>>;

// A string field of a validated query or body; nullopt when absent or null.
std::optional<std::string> optional_text(const boost::json::value& input, std::string_view field);

// The body's fields that `columns` names, as column values (null, integer or text).
Fields fields_from(const boost::json::object& body, const ColumnMap& columns);

// The names of the fields a body carries (what an update changes, for abilities' `fields`).
std::vector<std::string> field_names(const boost::json::object& body);

// A list's query string: its filters, then page, limit, sortBy and sortOrder.
schema::Schema list_query(std::vector<schema::Field> filters, const Pagination& pagination);

}  // namespace crest::common
