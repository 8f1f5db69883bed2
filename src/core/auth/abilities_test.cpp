#include "core/auth/abilities.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/errors.hpp"

namespace crest::auth {
namespace {
namespace json = boost::json;

Rule rule(std::string action, std::string subject, json::object conditions = {},
          std::vector<std::string> fields = {}, bool inverted = false) {
  return Rule{std::move(action), std::move(subject), std::move(conditions), std::move(fields), inverted};
}

TEST(Abilities, ManageAndAllAreWildcards) {
  Abilities owner({rule("Manage", "all")});
  EXPECT_TRUE(owner.can(action::Delete, "Company"));
  EXPECT_TRUE(owner.can(action::Read, "AuditLog"));
  Abilities none;
  EXPECT_FALSE(none.can(action::Read, "Company"));
}

TEST(Abilities, LaterRulesWinAndInversionsForbid) {
  Abilities admin({rule("Manage", "all"), rule("Delete", "Workspace", {}, {}, true)});
  EXPECT_FALSE(admin.can(action::Delete, "Workspace"));
  EXPECT_TRUE(admin.can(action::Update, "Workspace"));
}

TEST(Abilities, ConditionsAllowTheTypeButCheckTheResource) {
  Abilities pipeline({rule("Update", "Deal", {{"ownerId", "u1"}})});
  EXPECT_TRUE(pipeline.can(action::Update, "Deal"));
  EXPECT_TRUE(pipeline.can(action::Update, "Deal", json::object{{"ownerId", "u1"}}));
  EXPECT_FALSE(pipeline.can(action::Update, "Deal", json::object{{"ownerId", "u2"}}));
  EXPECT_FALSE(pipeline.can(action::Update, "Deal", json::object{}));
}

TEST(Abilities, InOperatorAndConditionalInversion) {
  Abilities a({rule("Read", "Deal"), rule("Read", "Deal", {{"stage", json::object{{"$in", {"Won", "Lost"}}}}}, {}, true)});
  EXPECT_TRUE(a.can(action::Read, "Deal"));  // a conditional inversion forbids nothing on the type
  EXPECT_TRUE(a.can(action::Read, "Deal", json::object{{"stage", "New"}}));
  EXPECT_FALSE(a.can(action::Read, "Deal", json::object{{"stage", "Won"}}));
}

TEST(Abilities, FieldsRestrictWhatMayChange) {
  Abilities admin({rule("Read", "Workspace"), rule("Update", "Workspace", {}, {"name"})});
  json::object workspace{{"name", "Acme"}, {"plan", "Starter"}};
  EXPECT_TRUE(admin.can(action::Update, "Workspace", workspace));
  EXPECT_TRUE(admin.can(action::Update, "Workspace", workspace, "name"));
  EXPECT_FALSE(admin.can(action::Update, "Workspace", workspace, "plan"));
  EXPECT_EQ(admin.forbidden_fields(action::Update, "Workspace", workspace, {"name", "plan"}),
            std::vector<std::string>{"plan"});
  try {
    authorize(admin, action::Update, "Workspace", workspace, {"plan"});
    FAIL() << "expected a 400";
  } catch (const BadRequest& e) {
    ASSERT_EQ(e.details().size(), 1u);
    EXPECT_EQ(e.details()[0].path, "plan");
  }
  EXPECT_THROW(authorize(Abilities{}, action::Update, "Workspace", workspace), Forbidden);
}

TEST(Abilities, SqlFilterFollowsCaslRulesToQuery) {
  ConditionColumns columns{{"ownerId", "owner_id"}, {"stage", "stage"}};
  Abilities all({rule("Read", "Deal")});
  EXPECT_EQ(all.sql_filter(action::Read, "Deal", columns, 1).sql, "TRUE");
  EXPECT_EQ(Abilities{}.sql_filter(action::Read, "Deal", columns, 1).sql, "FALSE");

  Abilities own({rule("Read", "Deal", {{"ownerId", "u1"}})});
  auto filter = own.sql_filter(action::Read, "Deal", columns, 3);
  EXPECT_EQ(filter.sql, "(((owner_id = $3)))");
  ASSERT_EQ(filter.params.size(), 1u);
  EXPECT_EQ(std::get<std::string>(filter.params[0]), "u1");

  Abilities mixed({rule("Read", "Deal"), rule("Read", "Deal", {{"stage", "Lost"}}, {}, true)});
  filter = mixed.sql_filter(action::Read, "Deal", columns, 1);
  EXPECT_EQ(filter.sql, "(NOT (stage = $1))");

  Abilities blocked({rule("Read", "Deal", {{"ownerId", "u1"}}), rule("Read", "Deal", {}, {}, true)});
  EXPECT_EQ(blocked.sql_filter(action::Read, "Deal", columns, 1).sql, "FALSE");

  Abilities unknown({rule("Read", "Deal", {{"secret", 1}})});
  EXPECT_THROW(unknown.sql_filter(action::Read, "Deal", columns, 1), std::logic_error);
}

TEST(Abilities, CaslJsonOmitsEmptyParts) {
  Abilities a({rule("Manage", "all"), rule("Update", "User", {{"id", "u1"}}, {"name"}, true)});
  auto rules = a.to_casl_json();
  EXPECT_EQ(json::serialize(rules[0]), R"({"action":"Manage","subject":"all"})");
  EXPECT_EQ(json::serialize(rules[1]),
            R"({"action":"Update","subject":"User","conditions":{"id":"u1"},"fields":["name"],"inverted":true})");
}

TEST(Abilities, CaslJsonRoundTrips) {
  Abilities a({rule("Read", "Deal"), rule("Update", "Deal", {{"ownerId", "u1"}}, {"stage"}, true)});
  auto back = Abilities::from_casl_json(a.to_casl_json());
  EXPECT_EQ(json::serialize(back.to_casl_json()), json::serialize(a.to_casl_json()));
  EXPECT_THROW(Abilities::from_casl_json(json::array{json::object{{"action", 1}}}), std::invalid_argument);
}

}  // namespace
}  // namespace crest::auth
