#include "modules/workspaces/invitations_service.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/security_events.hpp"
#include "common/tenant_db.hpp"
#include "core/auth/tokens.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/log/log.hpp"
#include "core/util/time.hpp"
#include "core/util/uuid.hpp"
#include "modules/auth/accounts_repository.hpp"
#include "modules/auth/auth_presenter.hpp"
#include "modules/auth/auth_service.hpp"

namespace crest::modules::workspaces {
namespace asio = boost::asio;
namespace json = boost::json;
namespace accounts = auth::accounts;

namespace {
std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/modules/workspaces/queries/") + std::string(name) + ".sql");
}

json::object present_invitation(const db::Row& row) {
  return {{"id", row.text("id")},
          {"email", row.text("email")},
          {"role", row.text("role")},
          {"expiresAt", row.time("expires_at")},
          {"acceptedAt", row.is_null("accepted_at") ? json::value(nullptr) : json::value(row.time("accepted_at"))},
          {"createdAt", row.time("created_at")}};
}

const json::object& body_of(const RequestContext& ctx) { return ctx.body.as_object(); }

std::optional<std::string> optional_field(const json::object& body, std::string_view field) {
  const auto* value = body.if_contains(field);
  if (!value) return std::nullopt;
  return std::string(value->as_string());
}

// An invitation that can still be accepted; 400 otherwise (unknown, used, expired).
struct OpenInvitation {
  std::string id, workspace_id, email, role;
};
OpenInvitation open_invitation(const db::Result& found) {
  if (found.empty()) throw BadRequest("This invitation is invalid or has expired");
  auto row = found.front();
  if (!row.is_null("accepted_at")) throw BadRequest("This invitation has already been accepted");
  if (row.time("expires_at") <= iso8601_now()) throw BadRequest("This invitation is invalid or has expired");
  return {row.text("id"), row.text("workspace_id"), row.text("email"), row.text("role")};
}
}  // namespace

asio::awaitable<Reply> InvitationsService::invite(RequestContext& ctx) {
  const Principal& principal = auth::caller(ctx);
  std::string email = accounts::normalize_email(body_of(ctx).at("email").as_string());
  std::string role(body_of(ctx).at("role").as_string());
  if (role == "Owner" && principal.role != "Owner") throw Forbidden("Only an Owner may invite an Owner");
  std::string token = crest::auth::random_token();
  auto tenant = common::tenant_of(database_, ctx);
  json::object view;
  std::string job_id;
  co_await tenant.transaction([&](common::TenantSession& tx) -> asio::awaitable<void> {
    db::Params by_email{email};
    auto existing = co_await tx.query(query("find_member_by_email"), by_email);
    if (!existing.empty()) throw Conflict("This person is already a member of the workspace");
    common::Fields fields{{"email", email},
                          {"role", role},
                          {"token_hash", crest::auth::token_hash(token)},
                          {"expires_at", iso8601(std::chrono::system_clock::now() + kValidFor)}};
    auto invitation = co_await tx.insert("invitations", fields);
    view = present_invitation(invitation.front());
    auto workspace = co_await accounts::find_workspace(tx.unscoped(), principal.workspace_id);
    std::string workspace_name = workspace.front().text("name");
    mail::InvitationMail mail{email,
                              fmt::format("You are invited to {} on crest", workspace_name),
                              // After '#': browsers never send a fragment to a server, so no access
                              // log or proxy on the way to the frontend records the token.
                              outbox_sealer_->seal(fmt::format("{}/accept-invitation#token={}", public_url_, token)),
                              workspace_name,
                              role,
                              std::string(view.at("expiresAt").as_string())};
    queue::EnqueueOptions options;
    options.workspace_id = principal.workspace_id;
    options.actor_id = principal.user_id;
    auto queued = co_await mail_jobs_->send_invitation(tx.unscoped(), mail, options);  // commits with the invitation
    job_id = queued.id;
  });
  // The token stays out of the log: only the job (sealed, emptied once sent) and the mail carry it.
  log::info("invitation mail queued", {{"to", email}, {"role", role}, {"jobId", job_id},
                                       {"invitationId", view.at("id")}});
  co_return Reply::created(std::move(view));
}

asio::awaitable<Reply> InvitationsService::accept(RequestContext& ctx) {
  std::string token(body_of(ctx).at("token").as_string());
  std::string token_hash = crest::auth::token_hash(token);
  auto name = optional_field(body_of(ctx), "name");
  auto password = optional_field(body_of(ctx), "password");

  // Look first, outside the transaction: hashing a password must not hold the writer.
  db::Result found, user;
  common::RlsSettings by_token{{"crest.invitation_token_hash", token_hash}};
  co_await common::with_rls(database_, by_token, false, [&](db::Session& s) -> asio::awaitable<void> {
    db::Params params{token_hash};
    found = co_await s.query(query("find_invitation_by_token"), params);
    if (!found.empty()) user = co_await accounts::find_user_by_email(s, found.front().text("email"));
  });
  OpenInvitation invitation = open_invitation(found);
  // How the invitee joins: as a new account; signed in to their existing one (its bearer token or
  // its password); or, for an account nobody verified, by taking it over with a new password.
  enum class Joining { NewAccount, SignedIn, TakeOver } joining = Joining::NewAccount;
  std::optional<accounts::NewUser> new_user;
  std::string new_password_hash;
  if (user.empty()) {
    std::vector<FieldError> missing;
    if (!name) missing.push_back({"name", "invalid_type", "Required for a new account"});
    if (!password) missing.push_back({"password", "invalid_type", "Required for a new account"});
    if (!missing.empty()) throw BadRequest("Validation failed", std::move(missing));
    std::string password_hash = co_await hasher_->hash(*password);  // (named: g++ 12 and co_await temporaries)
    new_user = accounts::NewUser{invitation.email, *name, std::move(password_hash), iso8601_now()};
  } else {
    const db::Row account = user.front();
    bool verified = !account.is_null("email_verified_at");
    bool active = account.is_null("deactivated_at");
    bool bearer = !ctx.request.header("authorization").empty();
    bool password_matches = false;
    if (!bearer && password && active) {
      std::string stored_hash = account.text("password_hash");
      password_matches = co_await hasher_->verify(stored_hash, *password);
    }
    if (bearer) {
      auto principal = co_await authenticator_->authenticate(ctx.request);  // 401 when the token is bad
      if (!principal || principal->user_id != account.text("id"))
        throw Forbidden("This invitation is for another account");
      joining = Joining::SignedIn;
    } else if (password_matches) {
      joining = Joining::SignedIn;
    } else if (!verified && active && password) {
      joining = Joining::TakeOver;
      new_password_hash = co_await hasher_->hash(*password);
    } else if (!verified && active) {
      throw BadRequest("Validation failed",
                       {{"password", "invalid_type", "Choose a password: this account's address was never verified"}});
    } else {
      throw Unauthorized("This invitation is for an existing account: sign in to it (its password or its bearer token)");
    }
  }

  json::object out;
  bool sessions_revoked = false;
  common::RlsSettings settings{{"crest.invitation_token_hash", token_hash},
                               {"crest.workspace_id", invitation.workspace_id}};
  co_await common::with_rls(database_, settings, true, [&](db::Session& tx) -> asio::awaitable<void> {
    sessions_revoked = false;
    db::Result account = user;
    if (new_user) account = co_await accounts::insert_user(tx, *new_user);
    std::string user_id = account.front().text("id");
    common::RlsSettings joiner{{"crest.user_id", user_id}};  // their account and all their sessions
    co_await common::apply_rls_settings(tx, joiner);
    if (joining == Joining::TakeOver) {
      std::string kept_name = name ? *name : user.front().text("name");
      account = co_await accounts::take_over_unverified_user(tx, user_id, new_password_hash, kept_name);
      if (account.empty()) throw Conflict("This account changed meanwhile; try again");
      co_await accounts::revoke_user_tokens(tx, user_id);  // whoever registered it is signed out
      sessions_revoked = true;
    } else if (joining == Joining::SignedIn) {
      auto verified_now = co_await accounts::mark_email_verified(tx, user_id);
      if (!verified_now.empty()) account = std::move(verified_now);
    }
    db::Params accepted{invitation.id, iso8601_now()};
    auto marked = co_await tx.query(query("accept_invitation"), accepted);
    if (marked.affected_rows != 1) throw BadRequest("This invitation has already been accepted");
    auto role = co_await accounts::membership_role(tx, user_id, invitation.workspace_id);
    if (role) throw Conflict("You are already a member of this workspace");
    co_await accounts::insert_membership(tx, invitation.workspace_id, user_id, invitation.role, user_id);
    auto workspace = co_await accounts::find_workspace(tx, invitation.workspace_id);
    auth::Grant grant{user_id, invitation.workspace_id, invitation.role};
    auto tokens = co_await tokens_->issue(tx, grant, ctx.request);
    static constexpr const char* kHow[] = {"NewAccount", "SignedIn", "TakeOver"};
    common::SecurityEvent accepted_event{"AcceptInvitation", "Invitation", user_id, invitation.id, true,
                                         {{"role", invitation.role}, {"joined", kHow[static_cast<int>(joining)]}}};
    common::EventOrigin origin = common::origin_of(ctx);
    co_await common::record_security_event(tx, invitation.workspace_id, accepted_event, origin);
    out = {{"user", auth::present_user(account.front())},
           {"workspace", auth::present_workspace(workspace.front())},
           {"tokens", std::move(tokens)}};
  });
  if (sessions_revoked) {
    std::string user_id(out.at("user").at("id").as_string());
    co_await authenticator_->forget(std::move(user_id));
  }
  co_return Reply::ok(std::move(out));
}

}  // namespace crest::modules::workspaces
