#include "core/pipeline/guards.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/errors.hpp"
#include "core/pipeline/route.hpp"
#include "core/util/hash.hpp"
#include "core/util/text.hpp"

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

// The top-level string fields of a JSON body (the guard runs before validation: the body may be
// anything, and then has no fields).
boost::json::object body_fields(const http::Request& request) {
  boost::system::error_code ec;
  auto body = boost::json::parse(request.body, ec);
  if (ec || !body.is_object()) return {};
  return std::move(body.as_object());
}

std::string normalized(std::string_view text) { return ascii_lower(trim_whitespace(text)); }

std::string throttle_key(const Route& route, const Throttle& throttle, const http::Request& request,
                         const boost::json::object& fields) {
  std::string key = route.method + " " + route.path;
  if (throttle.by.ip) key += "|ip=" + request.remote_ip;
  if (!throttle.by.field.empty()) {
    const auto* value = fields.if_contains(throttle.by.field);
    std::string_view text = value && value->is_string() ? std::string_view(value->get_string()) : std::string_view{};
    // A long value (validation has not run yet) is keyed by its hash: no key grows with the body.
    bool hashed = throttle.by.hashed || text.size() > 254;
    key += "|" + throttle.by.field + "=" + (hashed ? sha256_hex(normalized(text)).substr(0, 32) : normalized(text));
  }
  return key;
}

}  // namespace

bool ThrottleGuard::applies(const Route& route) const { return !route.throttles.empty(); }

boost::asio::awaitable<void> ThrottleGuard::check(RequestContext& ctx) {
  const Route& route = *ctx.route;
  bool needs_fields = std::any_of(route.throttles.begin(), route.throttles.end(),
                                  [](const Throttle& t) { return !t.by.field.empty(); });
  boost::json::object fields = needs_fields ? body_fields(ctx.request) : boost::json::object{};
  // Every throttle counts the hit; the tightest one speaks for the response headers.
  std::optional<RateLimitDecision> tightest;
  int tightest_limit = 0;
  bool denied = false;
  long retry_after = 1;
  for (const auto& throttle : route.throttles) {
    std::string key = throttle_key(route, throttle, ctx.request, fields);
    RateLimitDecision decision = co_await store_->hit(key, throttle.limit, throttle.window);
    if (!decision.allowed) {
      denied = true;
      retry_after = std::max<long>(retry_after, decision.reset.count());
    }
    if (!tightest || decision.remaining < tightest->remaining) {
      tightest = decision;
      tightest_limit = throttle.limit;
    }
  }
  ctx.response_headers.emplace_back("RateLimit-Limit", std::to_string(tightest_limit));
  ctx.response_headers.emplace_back("RateLimit-Remaining", std::to_string(tightest->remaining));
  ctx.response_headers.emplace_back("RateLimit-Reset", std::to_string(tightest->reset.count()));
  if (denied) throw TooManyRequests(retry_after);
}

}  // namespace crest
