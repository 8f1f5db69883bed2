#pragma once
// The built-in guards. AuthGuard asks an Authenticator for the principal of non-public routes;
// ThrottleGuard enforces a route's declared rate limit.
#include <chrono>
#include <memory>
#include <optional>

#include "core/pipeline/guard.hpp"

namespace crest {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The principal for the request's credentials; nullopt when there are none or they are bad.
  virtual boost::asio::awaitable<std::optional<Principal>> authenticate(const http::Request&) = 0;
};

class AuthGuard : public Guard {
 public:
  explicit AuthGuard(std::shared_ptr<Authenticator> authenticator = nullptr)
      : authenticator_(std::move(authenticator)) {}
  std::string_view name() const override { return "auth"; }
  bool applies(const Route& route) const override;
  boost::asio::awaitable<void> check(RequestContext& ctx) override;

 private:
  std::shared_ptr<Authenticator> authenticator_;
};

// Enforces the ability a route declares with can(action, subject), on the subject type; conditions
// on a loaded resource are the service's to check (auth::authorize).
class AbilityGuard : public Guard {
 public:
  std::string_view name() const override { return "ability"; }
  bool applies(const Route& route) const override;
  boost::asio::awaitable<void> check(RequestContext& ctx) override;
};

struct RateLimitDecision {
  bool allowed = true;
  int remaining = 0;
  std::chrono::seconds reset{0};  // until the window ends
};

// Counts hits per key in fixed windows. In-process here; Redis-backed when REDIS_URL is set.
class RateLimitStore {
 public:
  virtual ~RateLimitStore() = default;
  virtual boost::asio::awaitable<RateLimitDecision> hit(const std::string& key, int limit,
                                                        std::chrono::seconds window) = 0;
};

// In-process counters for at most `capacity` keys (~100 bytes each); the window that closes
// soonest makes room for a new key past it.
std::shared_ptr<RateLimitStore> make_memory_rate_limit_store(std::size_t capacity = 100'000);

class ThrottleGuard : public Guard {
 public:
  explicit ThrottleGuard(std::shared_ptr<RateLimitStore> store) : store_(std::move(store)) {}
  std::string_view name() const override { return "throttle"; }
  bool applies(const Route& route) const override;
  boost::asio::awaitable<void> check(RequestContext& ctx) override;

 private:
  std::shared_ptr<RateLimitStore> store_;
};

}  // namespace crest
