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
  accounts::NewRefreshToken record{grant.user_id,
                                   grant.workspace_id,
                                   crest::auth::token_hash(refresh),
                                   std::move(family_id),
                                   std::move(parent_id),
                                   iso8601(std::chrono::system_clock::now() + refresh_ttl_),
                                   clipped(client.header("user-agent"), 512),
                                   client.remote_ip};
  co_await accounts::insert_refresh_token(session, std::move(record));
  std::string access = codec_.sign({grant.user_id, grant.workspace_id, grant.role, {}, 0, 0});
  co_return json::object{{"accessToken", access},
                         {"refreshToken", refresh},
                         {"tokenType", "Bearer"},
                         {"expiresIn", codec_.ttl().count()}};
}

asio::awaitable<Rotated> TokenService::rotate(db::Database& database, std::string refresh_token,
                                              const http::Request& client) {
  std::string hash = crest::auth::token_hash(refresh_token);
  std::optional<Rotated> out;
  std::string reused_family;
  co_await database.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    out.reset();
    reused_family.clear();
    auto token = co_await accounts::find_refresh_token(tx, hash);
    if (!token || token->expires_at <= iso8601_now()) co_return;
    // The conditional revoke settles a race between two uses of one token: only one wins.
    bool won = false;
    if (!token->revoked) won = co_await accounts::revoke_refresh_token(tx, token->id);
    if (!won) {
      co_await accounts::revoke_token_family(tx, token->family_id);
      reused_family = token->family_id;
      co_return;
    }
    common::RlsSettings settings{{"crest.user_id", token->user_id}};
    co_await common::apply_rls_settings(tx, settings);
    auto role = co_await accounts::membership_role(tx, token->user_id, token->workspace_id);
    if (!role) co_return;  // membership gone: the token is spent and nothing new is issued
    Grant grant{token->user_id, token->workspace_id, *role};
    auto tokens = co_await issue_in_family(tx, grant, token->family_id, token->id, client);
    out = Rotated{std::move(grant), std::move(tokens)};
  });
  if (!reused_family.empty())
    log::warn("refresh token reused; its family is revoked", {{"familyId", reused_family}});
  if (!out) throw Unauthorized(std::string(kInvalidRefresh));
  co_return std::move(*out);
}

asio::awaitable<bool> TokenService::revoke(db::Database& database, std::string refresh_token) {
  std::string hash = crest::auth::token_hash(refresh_token);
  bool known = false;
  co_await database.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    auto token = co_await accounts::find_refresh_token(tx, hash);
    known = token.has_value();
    if (token && !token->revoked) co_await accounts::revoke_refresh_token(tx, token->id);
  });
  co_return known;
}

}  // namespace crest::modules::auth
