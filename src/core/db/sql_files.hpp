#pragma once
// SQL lives in .sql files beside the repository that runs it (embedded at build time), as in
// userver. Where the dialects really differ, a file may come in two spellings:
// queries/search.postgres.sql and queries/search.sqlite.sql; otherwise queries/search.sql
// serves both.
//
//   static const auto& find = db::sql_file("src/modules/companies/queries/find_by_id.sql");
//   auto sql = db::sql_for(db.engine(), "src/modules/companies/queries/search");
#include <string>
#include <string_view>

#include "core/db/database.hpp"

namespace crest::db {

// The contents of an embedded .sql file by its path from the repository root; throws
// std::logic_error naming the path when it was not embedded.
std::string_view sql_file(std::string_view path);

// `stem.<engine>.sql` when it exists, else `stem.sql`.
std::string_view sql_for(Engine engine, std::string_view stem);

// `sql` with every `{name}` replaced by `text` (a list of placeholders built by the caller, never
// input). Every occurrence: a file's comment may name the placeholder too. Throws
// std::logic_error when there is none.
std::string fill_placeholder(std::string_view sql, std::string_view name, std::string_view text);

// The few places where spelling differs, named so that a reader sees the difference.
namespace dialect {
// A case-insensitive "contains" test of column against a bound parameter ($n holds the raw
// search text): ILIKE on PostgreSQL, LIKE (ASCII case-insensitive) on SQLite.
std::string contains_case_insensitive(Engine engine, std::string_view column, int parameter);
// Escapes \, % and _ in user text bound to contains_case_insensitive's parameter.
std::string escape_like(std::string_view text);
}  // namespace dialect

}  // namespace crest::db
