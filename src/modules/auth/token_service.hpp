#pragma once
// Issues access tokens (JWT, 15 minutes) with refresh tokens (opaque, 7 days, stored hashed) and
// rotates the refresh tokens: every use replaces the token; using a replaced one revokes its
// whole family (the sign of a stolen token) and answers 401.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "core/auth/jwt.hpp"
#include "core/db/database.hpp"
#include "core/http/request.hpp"

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
  TokenService(crest::auth::JwtSettings jwt, std::chrono::seconds refresh_ttl)
      : codec_(std::move(jwt)), refresh_ttl_(refresh_ttl) {}

  const crest::auth::JwtCodec& codec() const noexcept { return codec_; }

  // A new token family for the grant, inserted on `session`; the `tokens` view.
  boost::asio::awaitable<boost::json::object> issue(db::Session& session, Grant grant, const http::Request& client);

  // Rotates a refresh token. Unknown, expired or revoked tokens, and members no longer active,
  // throw Unauthorized; reuse revokes the family first (committed) and then throws.
  boost::asio::awaitable<Rotated> rotate(db::Database& database, std::string refresh_token,
                                         const http::Request& client);

  // Revokes one token; false when the token is unknown.
  boost::asio::awaitable<bool> revoke(db::Database& database, std::string refresh_token);

 private:
  boost::asio::awaitable<boost::json::object> issue_in_family(db::Session& session, const Grant& grant,
                                                              std::string family_id,
                                                              std::optional<std::string> parent_id,
                                                              const http::Request& client);
  crest::auth::JwtCodec codec_;
  std::chrono::seconds refresh_ttl_;
};

}  // namespace crest::modules::auth
