#include "modules/auth/auth_schema.hpp"

#include "modules/auth/role_abilities.hpp"

namespace crest::modules::auth::contracts {
using namespace crest::schema;

namespace {
Schema email() { return string().trim().max(254).email().describe("Email address (compared case-insensitively)"); }
Schema uuid_string() { return string().uuid(); }
}  // namespace

const Schema& role() {
  static const Schema s = enumeration(roles()).name("Role");
  return s;
}

const Schema& plan() {
  static const Schema s = enumeration({"Starter", "Growth", "Enterprise"}).name("Plan");
  return s;
}

const Schema& register_request() {
  static const Schema s = object({
      {"email", email()},
      {"password", string().min(8).max(72).describe("8 to 72 characters")},
      {"name", string().trim().min(1).max(100)},
      {"workspaceName", string().trim().min(1).max(100)},
  }).name("RegisterRequest");
  return s;
}

const Schema& login_request() {
  static const Schema s = object({
      {"email", email()},
      {"password", string().min(1).max(72)},
      {"workspaceId", uuid_string().optional().describe("Which workspace to sign in to; the first joined by default")},
  }).name("LoginRequest");
  return s;
}

const Schema& refresh_request() {
  static const Schema s = object({{"refreshToken", string().min(16).max(128)}}).name("RefreshRequest");
  return s;
}

const Schema& switch_workspace_request() {
  static const Schema s = object({{"workspaceId", uuid_string()}}).name("SwitchWorkspaceRequest");
  return s;
}

const Schema& user_view() {
  static const Schema s = object({
      {"id", uuid_string()},
      {"email", string().max(254)},
      {"name", string().max(100)},
      {"emailVerifiedAt", datetime().nullable().describe("When the address was proven (an invitation accepted); null until then")},
      {"createdAt", datetime()},
  }).name("UserView");
  return s;
}

const Schema& user_summary() {
  static const Schema s =
      object({{"id", uuid_string()}, {"name", string().max(100)}, {"email", string().max(254)}}).name("UserSummary");
  return s;
}

const Schema& workspace_view() {
  static const Schema s = object({
      {"id", uuid_string()},
      {"name", string().max(100)},
      {"plan", plan()},
      {"createdAt", datetime()},
      {"updatedAt", datetime()},
  }).name("WorkspaceView");
  return s;
}

const Schema& tokens_view() {
  static const Schema s = object({
      {"accessToken", string().max(2048)},
      {"refreshToken", string().max(128)},
      {"tokenType", literal("Bearer")},
      {"expiresIn", integer().min(1).describe("Seconds until the access token expires")},
  }).name("Tokens");
  return s;
}

const Schema& session_view() {
  static const Schema s = object({{"user", user_view()}, {"workspace", workspace_view()}, {"tokens", tokens_view()}})
                              .name("SessionView");
  return s;
}

const Schema& refreshed_view() {
  static const Schema s = object({{"tokens", tokens_view()}}).name("RefreshedView");
  return s;
}

const Schema& switched_view() {
  static const Schema s = object({{"workspace", workspace_view()}, {"tokens", tokens_view()}}).name("SwitchedView");
  return s;
}

const Schema& me_view() {
  static const Schema rule = object({
      {"action", enumeration({"Manage", "Create", "Read", "Update", "Delete"})},
      {"subject", string().max(64)},
      {"conditions", any().optional()},
      {"fields", array(string().max(64)).optional()},
      {"inverted", boolean().optional()},
  }).name("AbilityRule");
  static const Schema s = object({
      {"user", user_view()},
      {"workspace", workspace_view()},
      {"role", role()},
      {"abilities", array(rule).describe("CASL rules: createMongoAbility(rules, {anyAction: 'Manage', anySubjectType: 'all'})")},
  }).name("MeView");
  return s;
}

const Schema& logout_view() {
  static const Schema s = object({{"revoked", boolean()}}).name("LogoutView");
  return s;
}

const Schema& logout_all_view() {
  static const Schema s = object({{"revoked", integer().min(0).describe("Sessions (token families) revoked")}})
                              .name("LogoutAllView");
  return s;
}

}  // namespace crest::modules::auth::contracts
