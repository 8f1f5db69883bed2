#pragma once
// The Authenticator behind AuthGuard: a valid Bearer access token whose user is active, whose
// membership still exists and whose session (the refresh-token family it was issued with) has not
// ended. The membership's current role (not the token's) decides the abilities. What this process
// changes (a demotion, a removal, a logout, a deactivation) acts at once here, through forget();
// with a Broadcast (Redis) forget() tells every other instance too, and each drops what it knew
// as the message arrives; without one, other instances see it when their cache entry expires
// (CREST_AUTH_CACHE_TTL). The expiry stays the backstop for a message Redis lost.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "core/auth/verified_tokens.hpp"
#include "core/broadcast.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/guards.hpp"
#include "modules/auth/role_abilities.hpp"
#include "modules/auth/token_service.hpp"

namespace crest::modules::auth {

// The Broadcast channel of forget(): its payload is a user id. `crest users deactivate`
// publishes on it too.
inline constexpr const char* kForgetChannel = "auth:forget";

class JwtAuthenticator : public Authenticator, public std::enable_shared_from_this<JwtAuthenticator> {
 public:
  JwtAuthenticator(std::shared_ptr<TokenService> tokens, db::Database& database, std::chrono::milliseconds cache_ttl,
                   std::shared_ptr<const RoleRules> role_rules = std::make_shared<const RoleRules>())
      : tokens_(std::move(tokens)), database_(database), cache_ttl_(cache_ttl), role_rules_(std::move(role_rules)) {}

  boost::asio::awaitable<std::optional<Principal>> authenticate(const http::Request& request) override;

  // Forgets through `broadcast` from now on, and listens on it for other instances' forgets.
  // Call before serving starts.
  void share_through(std::shared_ptr<Broadcast> broadcast);

  // Drops what the cache knows of a user (after a role change, a removal, a logout or a
  // deactivation), here at once and, with a Broadcast, on every instance. Never throws for the
  // broadcast: a failure is logged and the other instances fall back on the expiry.
  boost::asio::awaitable<void> forget(std::string user_id);
  // This instance only (what a message from another instance does).
  void forget_here(const std::string& user_id);
  // Everything this instance knows (after a gap in the broadcast, when messages may be lost).
  void forget_everyone_here();

 private:
  struct Cached {
    std::string role;
    std::shared_ptr<const crest::auth::Abilities> abilities;
    std::chrono::steady_clock::time_point expires;
  };
  std::optional<Cached> cached(const std::string& key);

  std::shared_ptr<TokenService> tokens_;
  db::Database& database_;
  std::chrono::milliseconds cache_ttl_;
  std::shared_ptr<const RoleRules> role_rules_;
  std::shared_ptr<Broadcast> broadcast_;  // set before serving, then only read
  crest::auth::VerifiedTokens verified_;
  std::shared_mutex mutex_;  // read on every request by every I/O thread: shared
  std::unordered_map<std::string, Cached> cache_;  // "user|workspace|session"
  // Bumped (under mutex_) by every forget: a lookup that read the database before a forget must
  // not cache what it read, or a revoked session could be cached again until the expiry.
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace crest::modules::auth
