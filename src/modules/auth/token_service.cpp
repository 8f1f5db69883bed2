#include "modules/auth/token_service.hpp"

#include <boost/json.hpp>

#include "common/tenant_db.hpp"
#include "core/auth/tokens.hpp"
#include "core/errors.hpp"
#include "core/log/log.hpp"
#include "core/util/time.hpp"
#include "core/util/uuid.hpp"
#include "modules/auth/accounts_repository.hpp"

namespace crest::modules::auth {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
constexpr std::string_view kInvalidRefresh = "Invalid refresh token";
std::string clipped(std::string_view text, std::size_t max) { return std::string(text.substr(0, max)); }
}  // namespace

asio::awaitable<json::object> TokenService::issue(db::Session& session, Grant grant, const http::Request& client) {
  std::string family = uuid_v7();
  auto tokens = co_await issue_in_family(session, grant, family, std::nullopt, client);
  co_return tokens;
}

asio::awaitable<json::object> TokenService::issue_in_family(db::Session& session, const Grant& grant,
                                                            std::string family_id,
                                                            std::optional<std::string> parent_id,
                                                            const http::Request& client) {
  std::string refresh = crest::auth::random_token();
  std::string session_id = family_id;  // an access token lives as long as its refresh-token family
  accounts::NewRefreshToken record{grant.user_id,
                                   grant.workspace_id,
                                   crest::auth::token_hash(refresh),
                                   std::move(family_id),
                                   std::move(parent_id),
                                   iso8601(std::chrono::system_clock::now() + refresh_ttl_),
                                   clipped(client.header("user-agent"), 512),
                                   client.remote_ip};
  co_await accounts::insert_refresh_token(session, std::move(record));
  std::string access = codec_.sign({grant.user_id, grant.workspace_id, grant.role, {}, 0, 0, std::move(session_id)});
  co_return json::object{{"accessToken", access},
                         {"refreshToken", refresh},
                         {"tokenType", "Bearer"},
                         {"expiresIn", codec_.ttl().count()}};
}

asio::awaitable<Rotated> TokenService::rotate(db::Database& database, std::string refresh_token,
                                              const http::Request& client, const common::EventOrigin& origin) {
  std::string hash = crest::auth::token_hash(refresh_token);
  if (session_throttle_) {
    // Counted by the session (the token family), which every rotation of it shares; its id is no
    // secret. Read first, outside the transaction, so that no lock or writer waits on the store.
    std::optional<accounts::RefreshTokenRecord> presented;
    common::RlsSettings none;
    co_await common::with_rls(database, none, false, [&](db::Session& s) -> asio::awaitable<void> {
      presented = co_await accounts::find_refresh_token(s, hash);
    });
    if (presented) {
      std::string key = "refresh-session:" + presented->family_id;
      auto decision = co_await session_throttle_->hit(key, session_limit_, session_window_);
      if (!decision.allowed) throw TooManyRequests(std::max<long>(1, decision.reset.count()));
    }
  }
  std::optional<Rotated> out;
  std::string reused_family, reused_by;
  co_await database.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    out.reset();
    reused_family.clear();
    auto token = co_await accounts::find_refresh_token(tx, hash);
    if (!token || token->expires_at <= iso8601_now()) co_return;
    // Its family, its successor and its user's membership are this user's rows.
    common::RlsSettings owner{{"crest.user_id", token->user_id}};
    co_await common::apply_rls_settings(tx, owner);
    // The conditional revoke settles a race between two uses of one token: only one wins.
    bool won = false;
    if (!token->revoked) won = co_await accounts::revoke_refresh_token(tx, token->id);
    if (!won) {
      // Lost the race, or used again: read what the winner committed, and within the grace hand
      // out the same successor; otherwise it is a replay.
      if (!token->revoked) token = co_await accounts::find_refresh_token(tx, hash);
      if (token) {
        out = co_await same_successor(tx, *token);
        if (out) co_return;
      }
      if (!token) co_return;
      co_await accounts::revoke_token_family(tx, token->family_id);
      // Nobody proven is the actor: the replay may be the thief's or the victim's.
      common::SecurityEvent replay{"ReuseRefreshToken", "Session", std::nullopt, token->user_id, false,
                                   {{"sessionId", token->family_id}, {"sessionRevoked", true}}};
      co_await common::record_security_event(tx, token->workspace_id, replay, origin);
      reused_family = token->family_id;
      reused_by = token->user_id;
      co_return;
    }
    common::RlsSettings settings{{"crest.user_id", token->user_id}};
    co_await common::apply_rls_settings(tx, settings);
    auto role = co_await accounts::membership_role(tx, token->user_id, token->workspace_id);
    if (!role) co_return;  // membership gone: the token is spent and nothing new is issued
    Grant grant{token->user_id, token->workspace_id, *role};
    auto tokens = co_await issue_in_family(tx, grant, token->family_id, token->id, client);
    std::string successor = sealer_->seal(tokens.at("refreshToken").as_string());
    co_await accounts::set_refresh_successor(tx, token->id, std::move(successor));
    out = Rotated{std::move(grant), std::move(tokens)};
  });
  if (!reused_family.empty()) {
    log::warn("refresh token reused; its family is revoked", {{"familyId", reused_family}});
    if (sessions_ended_) co_await sessions_ended_(reused_by);
  }
  if (!out) throw Unauthorized(std::string(kInvalidRefresh));
  co_return std::move(*out);
}

asio::awaitable<std::optional<Rotated>> TokenService::same_successor(db::Session& tx,
                                                                    const accounts::RefreshTokenRecord& token) {
  std::string grace_began = iso8601(std::chrono::system_clock::now() - reuse_grace_);
  if (reuse_grace_.count() <= 0 || !token.revoked || !token.successor_sealed || token.revoked_at < grace_began) co_return std::nullopt;
  auto successor_text = sealer_->open(*token.successor_sealed);
  if (!successor_text) co_return std::nullopt;
  std::string successor_hash = crest::auth::token_hash(*successor_text);
  auto successor = co_await accounts::find_refresh_token(tx, successor_hash);
  if (!successor || successor->revoked) co_return std::nullopt;  // the family ended meanwhile
  common::RlsSettings settings{{"crest.user_id", token.user_id}};
  co_await common::apply_rls_settings(tx, settings);
  auto role = co_await accounts::membership_role(tx, token.user_id, token.workspace_id);
  if (!role) co_return std::nullopt;
  Grant grant{token.user_id, token.workspace_id, *role};
  std::string access = codec_.sign({grant.user_id, grant.workspace_id, grant.role, {}, 0, 0, token.family_id});
  json::object tokens{{"accessToken", access},
                      {"refreshToken", *successor_text},
                      {"tokenType", "Bearer"},
                      {"expiresIn", codec_.ttl().count()}};
  co_return Rotated{std::move(grant), std::move(tokens)};
}

asio::awaitable<std::optional<std::string>> TokenService::end_session(db::Database& database,
                                                                      std::string refresh_token,
                                                                      const common::EventOrigin& origin) {
  std::string hash = crest::auth::token_hash(refresh_token);
  std::optional<std::string> user_id;
  co_await database.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    user_id.reset();
    auto token = co_await accounts::find_refresh_token(tx, hash);
    if (!token) co_return;
    user_id = token->user_id;
    common::RlsSettings owner{{"crest.user_id", token->user_id}};
    co_await common::apply_rls_settings(tx, owner);
    co_await accounts::revoke_token_family(tx, token->family_id);
    common::SecurityEvent logout{"Logout", "Session", token->user_id, token->user_id, true, {{"sessionId", token->family_id}}};
    co_await common::record_security_event(tx, token->workspace_id, logout, origin);
  });
  co_return user_id;
}

}  // namespace crest::modules::auth
