#include "core/queue/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace crest::queue {

std::chrono::milliseconds Backoff::delay_after(int failed_attempt, double random) const {
  if (kind == Kind::Fixed) return base;
  // 2^(attempt-1) in double, capped before it can overflow an integer.
  double factor = std::ldexp(1.0, std::clamp(failed_attempt, 1, 62) - 1);
  double delay = std::min(static_cast<double>(base.count()) * factor, static_cast<double>(cap.count()));
  if (jitter) delay = delay / 2 + delay / 2 * std::clamp(random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(delay));
}

boost::json::object Backoff::to_json() const {
  return {{"type", kind == Kind::Fixed ? "fixed" : "exponential"},
          {"baseMs", base.count()},
          {"capMs", cap.count()},
          {"jitter", jitter}};
}

std::optional<Backoff> Backoff::from_json(const boost::json::object& json) {
  const auto* type = json.if_contains("type");
  const auto* base = json.if_contains("baseMs");
  const auto* cap = json.if_contains("capMs");
  if (!type || !type->is_string() || !base || !base->is_int64() || !cap || !cap->is_int64()) return std::nullopt;
  Backoff out;
  out.kind = type->as_string() == "fixed" ? Kind::Fixed : Kind::Exponential;
  out.base = std::chrono::milliseconds(base->as_int64());
  out.cap = std::chrono::milliseconds(cap->as_int64());
  const auto* jitter = json.if_contains("jitter");
  out.jitter = jitter && jitter->is_bool() && jitter->as_bool();
  return out;
}

}  // namespace crest::queue
