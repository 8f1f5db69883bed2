#pragma once
// Issues access tokens (JWT, 15 minutes) with refresh tokens (opaque, 7 days, stored hashed) and
// rotates the refresh tokens: every use replaces the token; using a replaced one revokes its
// whole family (the sign of a stolen token) and answers 401.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/auth/jwt.hpp"
#include "core/auth/sealed_text.hpp"
#include "common/security_events.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/guards.hpp"
#include "core/http/request.hpp"
#include "modules/auth/accounts_repository.hpp"

namespace crest::modules::auth {

struct Grant {
  std::string user_id;
  std::string workspace_id;
  std::string role;
};

struct Rotated {
  Grant grant;
  boost::json::object tokens;
};

class TokenService {
 public:
  // Two uses of one refresh token within `reuse_grace` of its rotation, while its successor is
  // unused, are two tabs refreshing at once: the second gets the same successor. Any other reuse
  // is a replay and revokes the family.
  TokenService(crest::auth::JwtSettings jwt, std::chrono::seconds refresh_ttl, std::chrono::seconds reuse_grace,
               std::shared_ptr<const crest::auth::TextSealer> sealer)
      : codec_(std::move(jwt)), refresh_ttl_(refresh_ttl), reuse_grace_(reuse_grace), sealer_(std::move(sealer)) {}

  // Told the user whose sessions a reused refresh token ended (the authenticator forgets them),
  // before the refresh answers.
  void on_sessions_ended(std::function<boost::asio::awaitable<void>(std::string user_id)> listener) {
    sessions_ended_ = std::move(listener);
  }

  const crest::auth::JwtCodec& codec() const noexcept { return codec_; }

  // At most `limit` rotations of one session per `window`, on every instance (the store is Redis's
  // when configured): a stolen token replayed fast meets a 429 before the family check even runs.
  void throttle_sessions(std::shared_ptr<RateLimitStore> store, int limit, std::chrono::seconds window) {
    session_throttle_ = std::move(store);
    session_limit_ = limit;
    session_window_ = window;
  }

  // A new token family for the grant, inserted on `session`; the `tokens` view.
  boost::asio::awaitable<boost::json::object> issue(db::Session& session, Grant grant, const http::Request& client);

  // Rotates a refresh token. Unknown, expired or revoked tokens, and members no longer active,
  // throw Unauthorized; reuse revokes the family first (committed) and then throws.
  // A replayed token is audited (ReuseRefreshToken) in its workspace.
  boost::asio::awaitable<Rotated> rotate(db::Database& database, std::string refresh_token,
                                         const http::Request& client, const common::EventOrigin& origin);

  // Ends the session the token belongs to (its whole family, so the access tokens issued with it
  // stop too), audited as a Logout; the user's id, or nullopt when the token is unknown.
  boost::asio::awaitable<std::optional<std::string>> end_session(db::Database& database, std::string refresh_token,
                                                                 const common::EventOrigin& origin);

 private:
  boost::asio::awaitable<boost::json::object> issue_in_family(db::Session& session, const Grant& grant,
                                                              std::string family_id,
                                                              std::optional<std::string> parent_id,
                                                              const http::Request& client);
  // The same successor for a second use within the grace, if it is still live.
  boost::asio::awaitable<std::optional<Rotated>> same_successor(db::Session& tx, const accounts::RefreshTokenRecord& token);

  crest::auth::JwtCodec codec_;
  std::chrono::seconds refresh_ttl_;
  std::chrono::seconds reuse_grace_;
  std::shared_ptr<const crest::auth::TextSealer> sealer_;  // seals the successor kept for the grace
  std::function<boost::asio::awaitable<void>(std::string)> sessions_ended_;
  std::shared_ptr<RateLimitStore> session_throttle_;
  int session_limit_ = 0;
  std::chrono::seconds session_window_{60};
};

}  // namespace crest::modules::auth
