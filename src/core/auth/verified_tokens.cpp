#include "core/auth/verified_tokens.hpp"

#include <mutex>

namespace crest::auth {

std::optional<AccessClaims> VerifiedTokens::find(std::string_view token, std::chrono::system_clock::time_point now) const {
  std::shared_lock lock(mutex_);
  auto it = claims_.find(token);
  if (it == claims_.end()) return std::nullopt;
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (seconds >= it->second.exp) return std::nullopt;
  return it->second;
}

void VerifiedTokens::remember(std::string_view token, const AccessClaims& claims) {
  std::unique_lock lock(mutex_);
  // Full: start over (expired tokens go with the rest; live ones are verified again once).
  if (claims_.size() >= capacity_) claims_.clear();
  claims_.insert_or_assign(std::string(token), claims);
}

}  // namespace crest::auth
