#pragma once
// Access tokens already verified by this process, with their claims. A client sends the same token
// on every request for its lifetime, and verifying it (base64, JSON, HMAC) was a fifth of an
// authenticated read's time. A hit needs the exact token text, so nothing unverified passes; the
// expiry is still checked on every hit.
#include <chrono>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/auth/jwt.hpp"
#include "core/db/detail/string_hash.hpp"

namespace crest::auth {

class VerifiedTokens {
 public:
  explicit VerifiedTokens(std::size_t capacity = 50'000) : capacity_(capacity) {}

  // The claims of a token verified before, while it has not expired.
  std::optional<AccessClaims> find(std::string_view token,
                                   std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;
  void remember(std::string_view token, const AccessClaims& claims);

 private:
  std::size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, AccessClaims, db::detail::StringHash, std::equal_to<>> claims_;
};

}  // namespace crest::auth
