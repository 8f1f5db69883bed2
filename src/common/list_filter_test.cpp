#include "common/list_filter.hpp"

#include <gtest/gtest.h>

namespace crest::common {
namespace {

TEST(ListFilter, GivenValuesBecomeBoundParametersAfterTheWorkspace) {
  auth::Abilities everything({{"Manage", "all", {}, {}, false}});
  ListFilter where("SELECT c.id FROM companies c WHERE c.workspace_id = $1", db::Engine::Sqlite);
  where.search(std::string("50%_off"), {"c.name", "c.domain"})
      .equals("c.status", std::nullopt)  // not given: no condition
      .equals("c.owner_id", std::string("u1"))
      .readable(everything, "Company", {{"id", "c.id"}});
  EXPECT_EQ(where.sql,
            "SELECT c.id FROM companies c WHERE c.workspace_id = $1"
            " AND (c.name LIKE '%' || $2 || '%' ESCAPE '\\' OR c.domain LIKE '%' || $2 || '%' ESCAPE '\\')"
            " AND c.owner_id = $3 AND TRUE");
  ASSERT_EQ(where.params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(where.params[0]), "50\\%\\_off");  // wildcards match literally
  EXPECT_EQ(std::get<std::string>(where.params[1]), "u1");
}

TEST(ListFilter, AbilityConditionsAreBoundToo) {
  auth::Abilities own({{"Read", "Deal", {{"ownerId", "u1"}}, {}, false}});
  ListFilter where("SELECT d.id FROM deals d WHERE d.workspace_id = $1", db::Engine::Postgres);
  where.search(std::string("big"), {"d.title"}).readable(own, "Deal", {{"ownerId", "d.owner_id"}});
  EXPECT_NE(where.sql.find("d.title ILIKE '%' || $2 || '%'"), std::string::npos) << where.sql;
  EXPECT_NE(where.sql.find("d.owner_id = $3"), std::string::npos) << where.sql;
  EXPECT_EQ(where.sql.find("u1"), std::string::npos);  // the value is a parameter, never SQL text
  ASSERT_EQ(where.params.size(), 2u);
  EXPECT_EQ(std::get<std::string>(where.params[1]), "u1");
}

}  // namespace
}  // namespace crest::common
