#include "modules/auth/auth_service.hpp"

#include <boost/json.hpp>

#include "common/security_events.hpp"
#include "common/tenant_db.hpp"
#include "core/errors.hpp"
#include "modules/auth/accounts_repository.hpp"
#include "modules/auth/auth_presenter.hpp"

namespace crest::modules::auth {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
// The one message every failed login gets, whatever failed.
constexpr std::string_view kInvalidCredentials = "Invalid credentials";

std::string text(const json::value& body, std::string_view field) {
  return std::string(body.as_object().at(field).as_string());
}
}  // namespace

const Principal& caller(const RequestContext& ctx) {
  if (!ctx.principal) throw Unauthorized("Missing or invalid bearer token");
  return *ctx.principal;
}

asio::awaitable<Reply> AuthService::register_account(RequestContext& ctx) {
  accounts::NewUser user{accounts::normalize_email(text(ctx.body, "email")), text(ctx.body, "name"), {}, std::nullopt};
  user.password_hash = co_await hasher_->hash(text(ctx.body, "password"));
  std::string workspace_name = text(ctx.body, "workspaceName");
  json::object out;
  co_await database_.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    auto user_row = co_await accounts::insert_user(tx, user);
    std::string user_id = user_row.front().text("id");
    auto workspace_row = co_await accounts::insert_workspace(tx, workspace_name, user_id);
    std::string workspace_id = workspace_row.front().text("id");
    common::RlsSettings settings{{"crest.workspace_id", workspace_id}, {"crest.user_id", user_id}};
    co_await common::apply_rls_settings(tx, settings);
    co_await accounts::insert_membership(tx, workspace_id, user_id, "Owner", user_id);
    Grant grant{user_id, workspace_id, "Owner"};
    auto tokens = co_await tokens_->issue(tx, grant, ctx.request);
    out = {{"user", present_user(user_row.front())},
           {"workspace", present_workspace(workspace_row.front())},
           {"tokens", std::move(tokens)}};
  });
  co_return Reply::created(std::move(out));
}

asio::awaitable<Reply> AuthService::login(RequestContext& ctx) {
  std::string email = accounts::normalize_email(text(ctx.body, "email"));
  std::string password = text(ctx.body, "password");
  const auto* wanted = ctx.body.as_object().if_contains("workspaceId");
  db::Result user;
  common::RlsSettings none;
  co_await common::with_rls(database_, none, false, [&](db::Session& s) -> asio::awaitable<void> {
    user = co_await accounts::find_user_by_email(s, email);
  });
  if (user.empty()) {
    co_await hasher_->verify_dummy(password);  // the same cost as a wrong password
    throw Unauthorized(std::string(kInvalidCredentials));
  }
  std::string user_id = user.front().text("id");
  bool valid = co_await hasher_->verify(user.front().text("password_hash"), password);
  bool active = user.front().is_null("deactivated_at");
  if (!valid || !active) {
    // (Arguments named: g++ 12 mishandles temporaries that live across a co_await.)
    std::string reason = valid ? "Deactivated" : "WrongPassword";
    common::EventOrigin origin = common::origin_of(ctx);
    co_await record_failed_login(user_id, reason, origin);
    throw Unauthorized(std::string(kInvalidCredentials));
  }

  json::object out;
  common::RlsSettings settings{{"crest.user_id", user_id}};
  co_await common::with_rls(database_, settings, true, [&](db::Session& tx) -> asio::awaitable<void> {
    auto memberships = co_await accounts::user_memberships(tx, user_id);
    std::optional<std::size_t> chosen;
    for (std::size_t i = 0; i < memberships.size() && !chosen; ++i)
      if (!wanted || memberships[i].text("id") == wanted->as_string()) chosen = i;
    if (!chosen) throw Unauthorized(std::string(kInvalidCredentials));
    auto membership = memberships[*chosen];
    Grant grant{user_id, membership.text("id"), membership.text("role")};
    auto tokens = co_await tokens_->issue(tx, grant, ctx.request);
    common::SecurityEvent login{"Login", "Session", user_id, user_id, true, {}};
    common::EventOrigin origin = common::origin_of(ctx);
    co_await common::record_security_event(tx, grant.workspace_id, login, origin);
    out = {{"user", present_user(user.front())}, {"workspace", present_workspace(membership)}, {"tokens", std::move(tokens)}};
  });
  co_return Reply::ok(std::move(out));
}

asio::awaitable<Reply> AuthService::refresh(RequestContext& ctx) {
  std::string token = text(ctx.body, "refreshToken");
  common::EventOrigin origin = common::origin_of(ctx);
  auto rotated = co_await tokens_->rotate(database_, token, ctx.request, origin);
  co_return Reply::ok(json::object{{"tokens", std::move(rotated.tokens)}});
}

asio::awaitable<Reply> AuthService::logout(RequestContext& ctx) {
  std::string token = text(ctx.body, "refreshToken");
  common::EventOrigin origin = common::origin_of(ctx);
  auto user_id = co_await tokens_->end_session(database_, token, origin);
  if (!user_id) throw Unauthorized("Invalid refresh token");
  co_await authenticator_->forget(*user_id);  // its access tokens stop here, and through Redis elsewhere
  co_return Reply::ok(json::object{{"revoked", true}});
}

asio::awaitable<Reply> AuthService::logout_all(RequestContext& ctx) {
  const Principal& principal = caller(ctx);
  std::string user_id = principal.user_id;
  std::int64_t revoked = 0;
  co_await database_.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    common::RlsSettings mine{{"crest.user_id", user_id}};
    co_await common::apply_rls_settings(tx, mine);
    revoked = co_await accounts::revoke_user_tokens(tx, user_id);
    common::SecurityEvent logout{"LogoutAll", "Session", user_id, user_id, true, {{"sessionsEnded", revoked}}};
    common::EventOrigin origin = common::origin_of(ctx);
    co_await common::record_security_event(tx, principal.workspace_id, logout, origin);
  });
  co_await authenticator_->forget(user_id);
  co_return Reply::ok(json::object{{"revoked", revoked}});
}

asio::awaitable<Reply> AuthService::switch_workspace(RequestContext& ctx) {
  std::string user_id = caller(ctx).user_id;
  std::string workspace_id = text(ctx.body, "workspaceId");
  json::object out;
  common::RlsSettings settings{{"crest.user_id", user_id}};
  co_await common::with_rls(database_, settings, true, [&](db::Session& tx) -> asio::awaitable<void> {
    auto role = co_await accounts::membership_role(tx, user_id, workspace_id);
    if (!role) throw NotFound("No such workspace among yours");
    auto workspace = co_await accounts::find_workspace(tx, workspace_id);
    Grant grant{user_id, workspace_id, *role};
    auto tokens = co_await tokens_->issue(tx, grant, ctx.request);
    out = {{"workspace", present_workspace(workspace.front())}, {"tokens", std::move(tokens)}};
  });
  co_return Reply::ok(std::move(out));
}

asio::awaitable<Reply> AuthService::me(RequestContext& ctx) {
  const Principal& principal = caller(ctx);
  common::RlsSettings mine{{"crest.user_id", principal.user_id}, {"crest.workspace_id", principal.workspace_id}};
  std::vector<db::Database::Statement> reads{accounts::find_user_statement(principal.user_id),
                                             accounts::find_workspace_statement(principal.workspace_id)};
  auto found = co_await common::read_together_with_rls(database_, mine, std::move(reads));  // one round trip
  const db::Result& user = found[0];
  const db::Result& workspace = found[1];
  if (user.empty() || workspace.empty()) throw Unauthorized("This account no longer exists");
  co_return Reply::ok(json::object{{"user", present_user(user.front())},
                                   {"workspace", present_workspace(workspace.front())},
                                   {"role", principal.role},
                                   {"abilities", principal.abilities->to_casl_json()}});
}

// In every workspace of the account: its Owners see someone trying their member's password.
asio::awaitable<void> AuthService::record_failed_login(const std::string& user_id, std::string reason,
                                                       common::EventOrigin origin) {
  common::RlsSettings settings{{"crest.user_id", user_id}};
  co_await common::with_rls(database_, settings, true, [&](db::Session& tx) -> asio::awaitable<void> {
    auto memberships = co_await accounts::user_memberships(tx, user_id);
    common::SecurityEvent failed{"Login", "User", std::nullopt, user_id, false, {{"reason", reason}}};
    for (std::size_t i = 0; i < memberships.size(); ++i) {
      std::string workspace_id = memberships[i].text("id");
      co_await common::record_security_event(tx, workspace_id, failed, origin);
    }
  });
}

}  // namespace crest::modules::auth
