#include "common/key_lookup.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace crest::common {
namespace {

TEST(KeyLookup, NarrowsTheListsFromLineToTheRowByKey) {
  std::string list = "SELECT ct.id, (SELECT co.name FROM companies co WHERE co.id = ct.company_id) AS company\n"
                     "FROM contacts ct\n"
                     "WHERE ct.workspace_id = $1 AND ct.deleted_at IS NULL";
  EXPECT_EQ(narrowed_to_id(list, "contacts", "ct", "$2"),
            "SELECT ct.id, (SELECT co.name FROM companies co WHERE co.id = ct.company_id) AS company\n"
            "FROM (SELECT * FROM contacts WHERE id = $2 LIMIT 1) ct\n"
            "WHERE ct.workspace_id = $1 AND ct.deleted_at IS NULL");
}

TEST(KeyLookup, RefusesAStatementWithoutExactlyOneSuchLine) {
  EXPECT_THROW(narrowed_to_id("SELECT 1 FROM deals d\nWHERE true", "contacts", "ct", "$2"), std::logic_error);
  EXPECT_THROW(narrowed_to_id("SELECT 1 FROM contacts ct\nUNION SELECT 1 FROM contacts ct\n", "contacts", "ct", "$2"),
               std::logic_error);
  EXPECT_THROW(narrowed_to_id("SELECT 1 FROM contacts ctx\n", "contacts", "ct", "$2"), std::logic_error);
}

}  // namespace
}  // namespace crest::common
