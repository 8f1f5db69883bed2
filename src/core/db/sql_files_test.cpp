#include "core/db/sql_files.hpp"

#include <gtest/gtest.h>

namespace crest::db {
namespace {

TEST(SqlFiles, EmbeddedFilesAreFoundByRepositoryPath) {
  EXPECT_EQ(sql_file("src/core/db/queries/ping.sql"), "SELECT 1 AS ok\n");
  EXPECT_NE(sql_file("migrations/postgres/0001_workspaces.sql").find("timestamptz"), std::string_view::npos);
}

TEST(SqlFiles, MissingFileNamesThePath) {
  try {
    sql_file("src/nope.sql");
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("src/nope.sql"), std::string::npos);
  }
}

TEST(SqlFiles, EngineSpecificSpellingFallsBackToTheSharedFile) {
  EXPECT_EQ(sql_for(Engine::Postgres, "src/core/db/queries/ping"), "SELECT 1 AS ok\n");
  EXPECT_EQ(sql_for(Engine::Sqlite, "src/core/db/queries/ping"), "SELECT 1 AS ok\n");
}

TEST(Dialect, CaseInsensitiveContainsIsSpelledPerEngine) {
  EXPECT_EQ(dialect::contains_case_insensitive(Engine::Postgres, "name", 2), "name ILIKE '%' || $2 || '%' ESCAPE '\\'");
  EXPECT_EQ(dialect::contains_case_insensitive(Engine::Sqlite, "name", 2), "name LIKE '%' || $2 || '%' ESCAPE '\\'");
  EXPECT_EQ(dialect::escape_like("50%_off\\"), "50\\%\\_off\\\\");
}

TEST(SqlFiles, FillPlaceholderReplacesEveryOccurrenceCommentsIncluded) {
  EXPECT_EQ(fill_placeholder("-- ({ids}: $1, ...)\nSELECT 1 WHERE id IN ({ids})", "ids", "$1, $2"),
            "-- ($1, $2: $1, ...)\nSELECT 1 WHERE id IN ($1, $2)");
  EXPECT_THROW(fill_placeholder("SELECT 1", "ids", "$1"), std::logic_error);
}

}  // namespace
}  // namespace crest::db
