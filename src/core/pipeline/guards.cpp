#include "core/pipeline/guards.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <mutex>
#include <unordered_map>

#include "core/errors.hpp"
#include "core/pipeline/route.hpp"

namespace crest {

bool AuthGuard::applies(const Route& route) const { return !route.is_public; }

boost::asio::awaitable<void> AuthGuard::check(RequestContext& ctx) {
  if (authenticator_) ctx.principal = co_await authenticator_->authenticate(ctx.request);
  if (!ctx.principal) throw Unauthorized("Missing or invalid bearer token");
}

bool AbilityGuard::applies(const Route& route) const { return route.ability.has_value(); }

boost::asio::awaitable<void> AbilityGuard::check(RequestContext& ctx) {
  const Ability& needed = *ctx.route->ability;
  const auto& principal = ctx.principal;
  if (!principal || !principal->abilities || !principal->abilities->can(needed.action, needed.subject))
    throw Forbidden(fmt::format("Your role may not {} {}", needed.action, needed.subject));
  co_return;
}

namespace {

// The lower-cased string value of a top-level field of a JSON body, or "" (the guard runs before
// validation, so the body may be anything).
std::string body_key(const http::Request& request, const std::string& field) {
  boost::system::error_code ec;
  auto body = boost::json::parse(request.body, ec);
  if (ec || !body.is_object()) return {};
  const auto* value = body.as_object().if_contains(field);
  if (!value || !value->is_string()) return {};
  std::string out(value->as_string());
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class MemoryRateLimitStore : public RateLimitStore {
 public:
  boost::asio::awaitable<RateLimitDecision> hit(const std::string& key, int limit,
                                                std::chrono::seconds window) override {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (windows_.size() > 100'000) prune(now);
    Window& w = windows_[key];
    if (now >= w.ends) {
      w.ends = now + window;
      w.count = 0;
    }
    ++w.count;
    auto reset = std::chrono::ceil<std::chrono::seconds>(w.ends - now);
    co_return RateLimitDecision{w.count <= limit, std::max(0, limit - w.count), reset};
  }

 private:
  struct Window {
    std::chrono::steady_clock::time_point ends{};
    int count = 0;
  };
  void prune(std::chrono::steady_clock::time_point now) {
    std::erase_if(windows_, [&](const auto& entry) { return entry.second.ends <= now; });
  }
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace

std::shared_ptr<RateLimitStore> make_memory_rate_limit_store() {
  return std::make_shared<MemoryRateLimitStore>();
}

bool ThrottleGuard::applies(const Route& route) const { return route.throttle.has_value(); }

boost::asio::awaitable<void> ThrottleGuard::check(RequestContext& ctx) {
  const Throttle& throttle = *ctx.route->throttle;
  std::string key = ctx.route->method + " " + ctx.route->path + "|" + ctx.request.remote_ip;
  if (!throttle.key_field.empty()) key += "|" + body_key(ctx.request, throttle.key_field);
  RateLimitDecision decision = co_await store_->hit(key, throttle.limit, throttle.window);
  ctx.response_headers.emplace_back("RateLimit-Limit", std::to_string(throttle.limit));
  ctx.response_headers.emplace_back("RateLimit-Remaining", std::to_string(decision.remaining));
  ctx.response_headers.emplace_back("RateLimit-Reset", std::to_string(decision.reset.count()));
  if (!decision.allowed) throw TooManyRequests(std::max<long>(1, decision.reset.count()));
}

}  // namespace crest
