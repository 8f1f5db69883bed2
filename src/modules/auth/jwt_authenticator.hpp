#pragma once
// The Authenticator behind AuthGuard: a valid Bearer access token whose user is active, whose
// membership still exists and whose session (the refresh-token family it was issued with) has not
// ended. The membership's current role (not the token's) decides the abilities. What this process
// changes (a demotion, a removal, a logout, a deactivation) acts at once here, through forget();
// other instances see it when their cache entry expires, within kMembershipCacheTtl.
#include <chrono>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/auth/verified_tokens.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/guards.hpp"
#include "modules/auth/role_abilities.hpp"
#include "modules/auth/token_service.hpp"

namespace crest::modules::auth {

class JwtAuthenticator : public Authenticator {
 public:
  static constexpr std::chrono::seconds kMembershipCacheTtl{5};

  JwtAuthenticator(std::shared_ptr<TokenService> tokens, db::Database& database,
                   std::shared_ptr<const RoleRules> role_rules = std::make_shared<const RoleRules>())
      : tokens_(std::move(tokens)), database_(database), role_rules_(std::move(role_rules)) {}

  boost::asio::awaitable<std::optional<Principal>> authenticate(const http::Request& request) override;

  // Drops what the cache knows of a user (after a role change, a removal, a logout or a
  // deactivation).
  void forget(const std::string& user_id);

 private:
  struct Cached {
    std::string role;
    std::shared_ptr<const crest::auth::Abilities> abilities;
    std::chrono::steady_clock::time_point expires;
  };
  std::optional<Cached> cached(const std::string& key);

  std::shared_ptr<TokenService> tokens_;
  db::Database& database_;
  std::shared_ptr<const RoleRules> role_rules_;
  crest::auth::VerifiedTokens verified_;
  std::shared_mutex mutex_;  // read on every request by every I/O thread: shared
  std::unordered_map<std::string, Cached> cache_;  // "user|workspace|session"
};

}  // namespace crest::modules::auth
