#include "core/auth/jwt.hpp"

#include <jwt.h>

#include <memory>

#include "core/errors.hpp"
#include "core/util/uuid.hpp"

namespace crest::auth {

namespace {

using JwtPtr = std::unique_ptr<jwt_t, decltype(&jwt_free)>;

[[noreturn]] void reject() { throw Unauthorized("Invalid or expired token"); }

std::int64_t seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string grant(jwt_t* token, const char* name) {
  const char* value = jwt_get_grant(token, name);
  if (!value || !*value) reject();
  return value;
}

}  // namespace

JwtCodec::JwtCodec(JwtSettings settings) : settings_(std::move(settings)) {
  if (settings_.secret.size() < 32) throw std::invalid_argument("the JWT secret must be at least 32 bytes");
}

std::string JwtCodec::sign(AccessClaims claims, std::chrono::system_clock::time_point now) const {
  jwt_t* raw = nullptr;
  if (claims.sid.empty()) throw std::logic_error("an access token belongs to a session: sid is required");
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  JwtPtr token(raw, &jwt_free);
  claims.jti = claims.jti.empty() ? uuid_v7() : claims.jti;
  claims.iat = seconds(now);
  claims.exp = claims.iat + settings_.ttl.count();
  bool ok = jwt_add_grant(raw, "sub", claims.sub.c_str()) == 0 && jwt_add_grant(raw, "wid", claims.wid.c_str()) == 0 &&
            jwt_add_grant(raw, "role", claims.role.c_str()) == 0 && jwt_add_grant(raw, "jti", claims.jti.c_str()) == 0 &&
            jwt_add_grant(raw, "sid", claims.sid.c_str()) == 0 &&
            jwt_add_grant(raw, "iss", settings_.issuer.c_str()) == 0 &&
            jwt_add_grant(raw, "aud", settings_.audience.c_str()) == 0 &&
            jwt_add_grant_int(raw, "iat", claims.iat) == 0 && jwt_add_grant_int(raw, "exp", claims.exp) == 0 &&
            jwt_set_alg(raw, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(settings_.secret.data()),
                        static_cast<int>(settings_.secret.size())) == 0;
  if (!ok) throw std::runtime_error("cannot build the access token");
  std::unique_ptr<char, decltype(&free)> encoded(jwt_encode_str(raw), &free);
  if (!encoded) throw std::runtime_error("cannot encode the access token");
  return encoded.get();
}

AccessClaims JwtCodec::verify(std::string_view token_text, std::chrono::system_clock::time_point now) const {
  if (token_text.empty() || token_text.size() > 4096) reject();
  std::string text(token_text);
  jwt_t* raw = nullptr;
  int rc = jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(settings_.secret.data()),
                      static_cast<int>(settings_.secret.size()));
  JwtPtr token(raw, &jwt_free);
  if (rc != 0 || !raw) reject();
  if (jwt_get_alg(raw) != JWT_ALG_HS256) reject();  // pinned: `none` and other algorithms never pass
  if (grant(raw, "iss") != settings_.issuer || grant(raw, "aud") != settings_.audience) reject();
  AccessClaims claims{grant(raw, "sub"), grant(raw, "wid"), grant(raw, "role"), grant(raw, "jti"),
                      jwt_get_grant_int(raw, "iat"), jwt_get_grant_int(raw, "exp"), grant(raw, "sid")};
  if (claims.exp <= 0 || seconds(now) >= claims.exp) reject();
  if (claims.iat > seconds(now) + 60) reject();  // issued in the future beyond clock skew
  return claims;
}

}  // namespace crest::auth
