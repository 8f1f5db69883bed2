// The role matrix, for every declared route: each role's allowed calls get past the guards and
// forbidden ones answer 403. What a role may do comes from its own rules (GET /me), so the test
// follows the rule table; a few rows are also pinned by hand below.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/auth/abilities.hpp"
#include "support/api_scenario.hpp"
#include "support/api_surface.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class RoleMatrix : public ApiTest {};

const std::vector<std::string> kRoles{"Owner", "Admin", "Operator", "Pipeline", "Viewer"};

TEST_P(RoleMatrix, EveryRouteAllowsWhatTheRoleMayAndForbidsTheRestWith403) {
  Account owner = server->register_account("owner@example.com", "Acme");
  std::map<std::string, Account> callers{{"Owner", owner}};
  for (const auto& role : kRoles)
    if (role != "Owner") callers[role] = server->invite(owner, role + "@example.com", role);

  for (const auto& role : kRoles) {
    SCOPED_TRACE(role);
    const Account& caller = callers.at(role);
    // Fresh targets for this role's calls (an allowed DELETE removes them): a member to act on,
    // and one of everything the create routes make.
    Account victim = server->invite(owner, "victim-of-" + role + "@example.com", "Viewer");
    std::map<std::string, std::string> newest;  // collection -> the id of its newest item
    auto ids_for = [&](const std::string& things) -> std::optional<std::string> {
      if (things == "owners" || things == "users") return owner.user_id;
      auto it = newest.find("/api/v1/" + things);
      if (it == newest.end()) return std::nullopt;
      return it->second;
    };
    for (const auto& op : api_operations()) {
      if (op.method != "POST" || !op.params.empty() || op.is_public || op.body_schema.is_null()) continue;
      if (op.path.starts_with("/api/v1/auth/") || op.path == "/api/v1/workspaces" || op.path == "/api/v1/invitations") continue;
      auto created = server->call(owner, "POST", op.path, example_of(op.body_schema, ids_for));
      ASSERT_TRUE(created.status == 201 || created.status == 202) << op.path << ": " << created.body;
      if (created.status == 201) newest[op.path] = text(created.json().at("data").at("id"));  // 202: a job
    }
    // Files come from uploads (and from jobs): the owner uploads one of each kind a route takes.
    for (const auto& op : api_operations())
      if (op.method == "POST" && !op.upload_media_type.empty()) {
        auto uploaded = send({"POST", server->url(op.path), example_upload(op.upload_media_type),
                              {"Content-Type: " + op.upload_media_type, "Authorization: Bearer " + owner.access_token}});
        ASSERT_EQ(uploaded.status, 202) << op.path << ": " << uploaded.body;
      }
    auto files = server->call(owner, "GET", "/api/v1/files?limit=1");
    ASSERT_EQ(files.status, 200) << files.body;
    ASSERT_FALSE(files.json().at("data").as_array().empty()) << "the upload recorded no file";
    newest["/api/v1/files"] = text(files.json().at("data").as_array().front().at("id"));
    // Jobs are not created through their own routes: the victim's invitation queued a mail job.
    auto jobs = server->call(owner, "GET", "/api/v1/jobs?limit=1");
    ASSERT_EQ(jobs.status, 200) << jobs.body;
    ASSERT_FALSE(jobs.json().at("data").as_array().empty()) << "the invitation queued no job";
    newest["/api/v1/jobs"] = text(jobs.json().at("data").as_array().front().at("id"));
    auto rules = server->call(caller, "GET", "/api/v1/me").json().at("data").at("abilities").as_array();
    auto abilities = auth::Abilities::from_casl_json(rules);

    std::vector<const Operation*> operations;
    for (const auto& op : api_operations())
      if (!op.is_public && op.path.starts_with("/api/v1/")) operations.push_back(&op);
    // Deletes last, and what ends the caller's sessions (logout-all) after them.
    auto rank = [](const Operation* op) { return op->path.ends_with("/logout-all") ? 2 : op->method == "DELETE" ? 1 : 0; };
    std::stable_sort(operations.begin(), operations.end(),
                     [&](const Operation* x, const Operation* y) { return rank(x) < rank(y); });
    for (const Operation* op : operations) {
      ASSERT_TRUE(op->ability) << op->method << " " << op->path << " declares no ability (can())";
      std::map<std::string, std::string> params;
      // Member routes act on the victim, other routes on what was just created in their collection.
      for (const auto& param : op->params) {
        if (op->collection() == "/api/v1/members") {
          params[param] = victim.user_id;
        } else {
          ASSERT_TRUE(newest.count(op->collection())) << op->path << ": nothing created at " << op->collection();
          params[param] = newest.at(op->collection());
        }
      }
      auto body = op->body_schema.is_null() ? json::value(nullptr) : example_of(op->body_schema, ids_for);
      auto r = server->call(caller, op->method, op->with_params(params), body);
      bool allowed = abilities.can(op->ability->first, op->ability->second);
      // Allowed only under conditions ({ownerId: me}): the service may still refuse this resource.
      bool conditional = allowed && !abilities.can(op->ability->first, op->ability->second, json::object{});
      std::string what = op->method + " " + op->path + " (" + op->ability->first + " " + op->ability->second + ")";
      if (allowed) {
        EXPECT_NE(r.status, 401) << what << ": " << r.body;
        if (!conditional) {
          EXPECT_NE(r.status, 403) << what << ": " << r.body;
        }
        EXPECT_LT(r.status, 500) << what << ": " << r.body;
        if (op->method == "GET") {
          EXPECT_EQ(r.status, 200) << what << ": " << r.body;
        }
      } else {
        EXPECT_EQ(r.status, 403) << what << ": " << r.body;
      }
    }
    // Its logout-all ended the caller's sessions: sign in again for the rows that follow.
    Account fresh = server->login(caller.email, caller.password);
    if (role == "Owner") owner = fresh;
    callers[role] = fresh;
  }
}

// Rows of the matrix pinned by hand, so that a change to the rule table shows up here too.
TEST_P(RoleMatrix, PinnedRows) {
  Account owner = server->register_account("owner@example.com", "Acme");
  Account admin = server->invite(owner, "admin@example.com", "Admin");
  Account operator_ = server->invite(owner, "operator@example.com", "Operator");
  Account viewer = server->invite(owner, "viewer@example.com", "Viewer");
  json::object invite{{"email", "new@example.com"}, {"role", "Viewer"}};
  EXPECT_EQ(server->call(viewer, "POST", "/api/v1/invitations", invite).status, 403);
  EXPECT_EQ(server->call(operator_, "POST", "/api/v1/invitations", invite).status, 403);
  EXPECT_EQ(server->call(admin, "POST", "/api/v1/invitations", invite).status, 201);
  json::object role{{"role", "Operator"}};
  EXPECT_EQ(server->call(viewer, "PATCH", "/api/v1/members/" + operator_.user_id, role).status, 403);
  EXPECT_EQ(server->call(operator_, "DELETE", "/api/v1/members/" + viewer.user_id).status, 403);
  EXPECT_EQ(server->call(viewer, "GET", "/api/v1/members").status, 200);
  json::object rename{{"name", "Renamed"}};
  EXPECT_EQ(server->call(viewer, "PATCH", "/api/v1/workspaces/current", rename).status, 403);
  EXPECT_EQ(server->call(admin, "PATCH", "/api/v1/workspaces/current", rename).status, 200);
}

CREST_API_TEST_ENGINES(RoleMatrix);

}  // namespace
}  // namespace crest::testing
