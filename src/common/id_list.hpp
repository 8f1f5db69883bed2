#pragma once
// Statements over "the rows of this page": `{ids}` in the SQL becomes $first, $first+1, ...
// with the ids as their parameters, so one statement serves a whole page (no N+1).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/db/result.hpp"

namespace crest::common {

// The ids of a result's `column`, in row order.
std::vector<std::string> ids_of(const db::Result& rows, std::string_view column = "id");

// Throws std::logic_error when the SQL has no `{ids}` or the list is empty.
std::pair<std::string, db::Params> with_id_list(std::string_view sql, const std::vector<std::string>& ids,
                                                int first_placeholder);

}  // namespace crest::common
