#pragma once
// A row by its primary key names the key alone, in a subquery with LIMIT 1 (which PostgreSQL
// cannot flatten), and tests the workspace and soft delete outside it:
//
//   FROM (SELECT * FROM contacts WHERE id = $2 LIMIT 1) ct WHERE ct.workspace_id = $1 AND ct.deleted_at IS NULL
//
// Then the primary key is the only index that can serve it, whatever statistics PostgreSQL has.
// Without any (a new deployment, a table after a bulk load) it costs `id = $2 AND workspace_id =
// $1 AND deleted_at IS NULL` the same on the primary key as on any partial index of the workspace
// (each estimated at one row), and may walk the whole workspace through the latter. SQLite reads
// the subquery as a co-routine. Hand-written lookups follow the same form (list.sql files).
#include <string>
#include <string_view>

namespace crest::common {

// A list statement's `FROM <table> <alias>` narrowed to the row whose id is `placeholder` ("$2").
// Throws std::logic_error unless that FROM appears exactly once.
std::string narrowed_to_id(std::string_view sql, std::string_view table, std::string_view alias,
                           std::string_view placeholder);

// "(SELECT * FROM <table> WHERE id = <key> LIMIT 1)", to follow a FROM or a JOIN.
std::string row_by_key(std::string_view table, std::string_view key);

}  // namespace crest::common
