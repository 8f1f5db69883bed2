#pragma once
// Access tokens: HS256 JWTs with sub, wid, role, jti, sid, iat, exp, iss, aud. Verification pins the
// algorithm (no `none`, no HS512/RS256 confusion) and checks signature, expiry, issuer and
// audience itself: libjwt 1.10 checks none of the claims.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace crest::auth {

struct AccessClaims {
  std::string sub;   // user id
  std::string wid;   // workspace id
  std::string role;  // Owner | Admin | Operator | Pipeline | Viewer
  std::string jti;   // token id
  std::int64_t iat = 0;
  std::int64_t exp = 0;
  std::string sid;   // session: the refresh-token family it was issued with; ends with it
};

struct JwtSettings {
  std::string secret;
  std::string issuer = "crest";
  std::string audience = "crest-api";
  std::chrono::seconds ttl{900};  // 15 minutes
};

class JwtCodec {
 public:
  explicit JwtCodec(JwtSettings settings);

  // Fills jti, iat and exp; returns the compact token.
  std::string sign(AccessClaims claims, std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;
  // The claims of a valid token; throws Unauthorized("Invalid or expired token") otherwise.
  AccessClaims verify(std::string_view token,
                      std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;
  std::chrono::seconds ttl() const noexcept { return settings_.ttl; }

 private:
  JwtSettings settings_;
};

}  // namespace crest::auth
