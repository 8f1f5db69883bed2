// Workspaces, members and invitations over real HTTP, on SQLite and on PostgreSQL.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class Workspaces : public ApiTest {};

TEST_P(Workspaces, Invitation_NewPersonJoinsWithTheInvitedRoleAndCanSignIn) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account vic = server->invite(ann, "Vic@Example.com", "Viewer");
  EXPECT_EQ(vic.workspace_id, ann.workspace_id);
  auto me = server->call(vic, "GET", "/api/v1/me").json().at("data");
  EXPECT_EQ(me.at("role"), "Viewer");
  EXPECT_EQ(me.at("user").at("email"), "vic@example.com");
  Account again = server->login("vic@example.com", "correct horse");
  EXPECT_EQ(again.workspace_id, ann.workspace_id);
  auto members = server->call(ann, "GET", "/api/v1/members?sortBy=joinedAt&sortOrder=asc").json();
  EXPECT_EQ(members.at("meta").at("total"), 2);
  EXPECT_EQ(text(members.at("data").at(1).at("user").at("id")), vic.user_id);
  EXPECT_EQ(members.at("data").at(1).at("role"), "Viewer");
}

TEST_P(Workspaces, Invitation_MailGoesToTheOutboxAndTheTokenNeverToTheLog) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object body{{"email", "vic@example.com"}, {"role", "Operator"}};
  auto r = server->call(ann, "POST", "/api/v1/invitations", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("data").at("acceptedAt"), nullptr);
  std::string token = server->invitation_token("vic@example.com");
  EXPECT_TRUE(server->process().wait_for_log("invitation mail queued", 2000));
  for (const auto& line : server->process().log_lines()) EXPECT_EQ(line.find(token), std::string::npos) << line;
  EXPECT_EQ(server->sql("SELECT count(*) FROM invitations WHERE token_hash = '" + token + "'"), "0\n");
}

TEST_P(Workspaces, Invitation_AcceptedOnceOnly_AndANewAccountNeedsNameAndPassword) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object body{{"email", "vic@example.com"}, {"role", "Viewer"}};
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/invitations", body).status, 201);
  std::string token = server->invitation_token("vic@example.com");
  json::object bare{{"token", token}};
  auto missing = server->call("POST", "/api/v1/invitations/accept", bare);
  ASSERT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json().at("details").as_array().size(), 2u);
  json::object full{{"token", token}, {"name", "Vic"}, {"password", "correct horse"}};
  EXPECT_EQ(server->call("POST", "/api/v1/invitations/accept", full).status, 200);
  EXPECT_EQ(server->call("POST", "/api/v1/invitations/accept", full).status, 400);
  json::object forged{{"token", token + "x"}};
  EXPECT_EQ(server->call("POST", "/api/v1/invitations/accept", forged).status, 400);
}

TEST_P(Workspaces, Invitation_ExistingAccountJoinsASecondWorkspace) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bea = server->register_account("bea@example.com", "Beta");
  json::object body{{"email", "bea@example.com"}, {"role", "Admin"}};
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/invitations", body).status, 201);
  json::object accept{{"token", server->invitation_token("bea@example.com")}};
  auto joined = server->call("POST", "/api/v1/invitations/accept", accept, bea.access_token);  // signed in as Bea
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_TRUE(joined.json().at("data").at("user").at("emailVerifiedAt").is_string());  // the mail proved it
  EXPECT_EQ(text(joined.json().at("data").at("user").at("id")), bea.user_id);
  auto mine = server->call(bea, "GET", "/api/v1/workspaces").json();
  EXPECT_EQ(mine.at("meta").at("total"), 2);
  json::object again{{"email", "bea@example.com"}, {"role", "Viewer"}};
  EXPECT_EQ(server->call(ann, "POST", "/api/v1/invitations", again).status, 409);  // already a member
}

TEST_P(Workspaces, Members_NobodyDemotesOrRemovesTheLastOwner) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object demote{{"role", "Admin"}};
  auto r = server->call(ann, "PATCH", "/api/v1/members/" + ann.user_id, demote);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(server->call(ann, "DELETE", "/api/v1/members/" + ann.user_id).status, 409);
  // With a second Owner, the first may step down.
  Account olga = server->invite(ann, "olga@example.com", "Owner");
  EXPECT_EQ(server->call(ann, "PATCH", "/api/v1/members/" + ann.user_id, demote).status, 200);
  EXPECT_EQ(server->call(olga, "PATCH", "/api/v1/members/" + olga.user_id, demote).status, 409);
}

TEST_P(Workspaces, Members_OnlyOwnersGrantOrTakeTheOwnerRole) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account adam = server->invite(ann, "adam@example.com", "Admin");
  Account vic = server->invite(ann, "vic@example.com", "Viewer");
  json::object owner{{"role", "Owner"}};
  EXPECT_EQ(server->call(adam, "PATCH", "/api/v1/members/" + vic.user_id, owner).status, 403);
  json::object viewer{{"role", "Viewer"}};
  EXPECT_EQ(server->call(adam, "PATCH", "/api/v1/members/" + ann.user_id, viewer).status, 403);
  json::object operator_role{{"role", "Operator"}};
  auto promoted = server->call(adam, "PATCH", "/api/v1/members/" + vic.user_id, operator_role);
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(server->call(vic, "GET", "/api/v1/me").json().at("data").at("role"), "Operator");  // at once
  json::object invite_owner{{"email", "x@example.com"}, {"role", "Owner"}};
  EXPECT_EQ(server->call(adam, "POST", "/api/v1/invitations", invite_owner).status, 403);
}

TEST_P(Workspaces, Members_ARemovedMemberLosesAccessAtOnce) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account vic = server->invite(ann, "vic@example.com", "Viewer");
  ASSERT_EQ(server->call(vic, "GET", "/api/v1/members").status, 200);
  auto removed = server->call(ann, "DELETE", "/api/v1/members/" + vic.user_id);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(server->call(vic, "GET", "/api/v1/members").status, 401);
  json::object refresh{{"refreshToken", vic.refresh_token}};
  EXPECT_EQ(server->call("POST", "/api/v1/auth/refresh", refresh).status, 401);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/members").json().at("meta").at("total"), 1);
  // Soft: the row stays, marked deleted.
  EXPECT_EQ(server->sql("SELECT count(*) FROM memberships WHERE deleted_at IS NOT NULL"), "1\n");
}

TEST_P(Workspaces, CurrentWorkspace_AdminsRenameButOnlyOwnersChangeThePlan) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account adam = server->invite(ann, "adam@example.com", "Admin");
  json::object plan{{"plan", "Growth"}};
  auto refused = server->call(adam, "PATCH", "/api/v1/workspaces/current", plan);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json().at("details").at(0).at("path"), "plan");
  json::object rename{{"name", "Acme Inc"}};
  EXPECT_EQ(server->call(adam, "PATCH", "/api/v1/workspaces/current", rename).status, 200);
  auto changed = server->call(ann, "PATCH", "/api/v1/workspaces/current", plan);
  ASSERT_EQ(changed.status, 200);
  EXPECT_EQ(changed.json().at("data").at("plan"), "Growth");
  EXPECT_EQ(server->call(adam, "GET", "/api/v1/workspaces/current").json().at("data").at("name"), "Acme Inc");
}

CREST_API_TEST_ENGINES(Workspaces);

}  // namespace
}  // namespace crest::testing
