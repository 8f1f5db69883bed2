#pragma once
// Register, login, refresh, logout, switch workspace and /me: the handlers of auth_module.cpp.
#include <boost/asio/awaitable.hpp>

#include <memory>

#include "common/security_events.hpp"
#include "core/auth/password_hasher.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"
#include "modules/auth/jwt_authenticator.hpp"
#include "modules/auth/token_service.hpp"

namespace crest::modules::auth {

class AuthService {
 public:
  AuthService(db::Database& database, std::shared_ptr<crest::auth::PasswordHasher> hasher,
              std::shared_ptr<TokenService> tokens, std::shared_ptr<JwtAuthenticator> authenticator)
      : database_(database), hasher_(std::move(hasher)), tokens_(std::move(tokens)),
        authenticator_(std::move(authenticator)) {}

  boost::asio::awaitable<Reply> register_account(RequestContext& ctx);
  boost::asio::awaitable<Reply> login(RequestContext& ctx);
  boost::asio::awaitable<Reply> refresh(RequestContext& ctx);
  boost::asio::awaitable<Reply> logout(RequestContext& ctx);
  boost::asio::awaitable<Reply> logout_all(RequestContext& ctx);
  boost::asio::awaitable<Reply> switch_workspace(RequestContext& ctx);
  boost::asio::awaitable<Reply> me(RequestContext& ctx);

 private:
  boost::asio::awaitable<void> record_failed_login(const std::string& user_id, std::string reason,
                                                   common::EventOrigin origin);

  db::Database& database_;
  std::shared_ptr<crest::auth::PasswordHasher> hasher_;
  std::shared_ptr<TokenService> tokens_;
  std::shared_ptr<JwtAuthenticator> authenticator_;
};

// The authenticated caller of a non-public route.
const Principal& caller(const RequestContext& ctx);

}  // namespace crest::modules::auth
