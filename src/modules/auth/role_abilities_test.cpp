#include "modules/auth/role_abilities.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace crest::modules::auth {
namespace {
namespace json = boost::json;
using namespace crest::auth::action;

TEST(RoleAbilities, OwnersMayDoAnything_AdminsAllButDeletingTheWorkspaceOrItsPlan) {
  auto owner = abilities_for("Owner", "u1");
  auto admin = abilities_for("Admin", "u1");
  json::object workspace{{"name", "Acme"}, {"plan", "Starter"}};
  EXPECT_TRUE(owner.can(Delete, "Workspace"));
  EXPECT_TRUE(owner.can(Update, "Workspace", workspace, "plan"));
  EXPECT_FALSE(admin.can(Delete, "Workspace"));
  EXPECT_TRUE(admin.can(Update, "Workspace", workspace, "name"));
  EXPECT_FALSE(admin.can(Update, "Workspace", workspace, "plan"));
  EXPECT_TRUE(admin.can(Create, "Invitation"));
  EXPECT_TRUE(admin.can(Read, "AuditLog"));
}

TEST(RoleAbilities, ViewersReadAndNothingElse) {
  auto viewer = abilities_for("Viewer", "u1");
  EXPECT_TRUE(viewer.can(Read, "Company"));
  EXPECT_TRUE(viewer.can(Read, "Member"));
  EXPECT_FALSE(viewer.can(Update, "Member"));
  EXPECT_FALSE(viewer.can(Create, "Company"));
  EXPECT_FALSE(viewer.can(Read, "AuditLog"));
  EXPECT_FALSE(viewer.can(Create, "Invitation"));
}

TEST(RoleAbilities, PipelineUpdatesOnlyTheirOwnDealsAndOnlySomeFields) {
  auto pipeline = abilities_for("Pipeline", "u1");
  json::object mine{{"ownerId", "u1"}}, theirs{{"ownerId", "u2"}};
  EXPECT_TRUE(pipeline.can(Update, "Deal", mine, "stage"));
  EXPECT_FALSE(pipeline.can(Update, "Deal", mine, "ownerId"));
  EXPECT_FALSE(pipeline.can(Update, "Deal", theirs, "stage"));
  EXPECT_FALSE(pipeline.can(Delete, "Deal"));
}

TEST(RoleAbilities, EveryoneReadsAndRenamesOnlyThemselves) {
  for (const auto& role : roles()) {
    auto abilities = abilities_for(role, "u1");
    EXPECT_TRUE(abilities.can(Read, "User", json::object{{"id", "u1"}})) << role;
    EXPECT_TRUE(abilities.can(Update, "User", json::object{{"id", "u1"}}, "name")) << role;
    if (role == "Owner" || role == "Admin") continue;  // Manage all
    EXPECT_FALSE(abilities.can(Read, "User", json::object{{"id", "u2"}})) << role;
  }
  EXPECT_TRUE(abilities_for("Nobody", "u1").can(Read, "User"));
  EXPECT_FALSE(abilities_for("Nobody", "u1").can(Read, "Company"));
}


TEST(RoleRules, ADeploymentsRulesReplaceTheRolesOwnAndNameTheCaller) {
  auto rules = RoleRules::parse(R"({"Viewer": [
      {"action": "Read", "subject": "Company", "conditions": {"ownerId": "${user.id}"}},
      {"action": "Read", "subject": "Deal", "conditions": {"stage": {"$in": ["New", "Won"]}}}]})");
  auto viewer = abilities_for("Viewer", "u1", &rules);
  EXPECT_TRUE(viewer.restricted(Read, "Company"));
  EXPECT_TRUE(viewer.can(Read, "Company", json::object{{"ownerId", "u1"}}));
  EXPECT_FALSE(viewer.can(Read, "Company", json::object{{"ownerId", "u2"}}));
  EXPECT_FALSE(viewer.can(Read, "Contact")) << "the built-in Viewer rows are replaced, not added to";
  EXPECT_TRUE(viewer.can(Read, "User", json::object{{"id", "u1"}})) << "the rules every member has stay";
  // Roles the file does not name keep the table's rules.
  auto operator_role = abilities_for("Operator", "u1", &rules);
  EXPECT_FALSE(operator_role.restricted(Read, "Company"));
  EXPECT_TRUE(operator_role.can(Update, "Company"));
}

TEST(RoleRules, RestrictedIsFalseOnlyForAnUnconditionalAllow) {
  auto owner = abilities_for("Owner", "u1");
  EXPECT_FALSE(owner.restricted(Read, "Company"));
  EXPECT_TRUE(abilities_for("Nobody", "u1").restricted(Read, "Company"));
  crest::auth::Abilities narrowed({{"Read", "Company", {}, {}, false}, {"Read", "Company", {}, {}, true}});
  EXPECT_TRUE(narrowed.restricted(Read, "Company"));
}

TEST(RoleRules, AFileThatWouldFailAtRequestTimeIsRefusedAtStart) {
  for (const char* bad : {
           R"([])",                                                                     // not an object
           R"({"Guest": []})",                                                          // no such role
           R"({"Viewer": {}})",                                                         // not an array
           R"({"Viewer": [{"action": "Read"}]})",                                       // no subject
           R"({"Viewer": [{"action": "Read", "subject": "Company", "conditions": {"name": "x"}}]})",  // no SQL column
           R"({"Viewer": [{"action": "Read", "subject": "Deal", "conditions": {"stage": {"$gt": 1}}}]})",  // operator
           R"({"Viewer": [{"action": "Read", "subject": "Deal", "conditions": {"stage": {"$in": [{}]}}}]})",
           R"({"Viewer": [)"}) {
    EXPECT_THROW(RoleRules::parse(bad), std::invalid_argument) << bad;
  }
  EXPECT_NO_THROW(RoleRules::parse(R"({"Viewer": []})"));
  EXPECT_THROW(RoleRules::load("/nonexistent/rules.json"), std::invalid_argument);
  EXPECT_EQ(RoleRules::load("").rules_for("Viewer"), nullptr);
}

}  // namespace
}  // namespace crest::modules::auth
