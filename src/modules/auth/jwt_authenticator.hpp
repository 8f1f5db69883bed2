#pragma once
// The Authenticator behind AuthGuard: a valid Bearer access token whose user and membership still
// exist. The membership's current role (not the token's) decides the abilities, so a demotion or
// removal takes effect at once in this process and within the cache's few seconds elsewhere.
#include <chrono>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/auth/verified_tokens.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/guards.hpp"
#include "modules/auth/token_service.hpp"

namespace crest::modules::auth {

class JwtAuthenticator : public Authenticator {
 public:
  static constexpr std::chrono::seconds kMembershipCacheTtl{5};

  JwtAuthenticator(std::shared_ptr<TokenService> tokens, db::Database& database)
      : tokens_(std::move(tokens)), database_(database) {}

  boost::asio::awaitable<std::optional<Principal>> authenticate(const http::Request& request) override;

  // Drops what the cache knows of a user (after a role change or a removal).
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
  crest::auth::VerifiedTokens verified_;
  std::shared_mutex mutex_;  // read on every request by every I/O thread: shared
  std::unordered_map<std::string, Cached> cache_;  // "user|workspace"
};

}  // namespace crest::modules::auth
