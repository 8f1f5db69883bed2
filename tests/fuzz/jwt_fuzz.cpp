// Access tokens. Any text handed to verify either yields claims or is a 401; and claims made of
// the input's '.'-separated parts (a token's segments, for the seeds) survive sign + verify.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/jwt.hpp"
#include "core/errors.hpp"
#include "core/util/utf8.hpp"
#include "property.hpp"

namespace {

using crest::fuzz::require;

const crest::auth::JwtCodec& codec() {
  static const crest::auth::JwtCodec codec = [] {
    crest::auth::JwtSettings settings;
    settings.secret = "fuzzing-secret-of-at-least-thirty-two-bytes";
    return crest::auth::JwtCodec(settings);
  }();
  return codec;
}

// 2026-01-01T00:00:00Z: a fixed clock, so a token the fuzzer saves verifies the same later.
const std::chrono::system_clock::time_point now{std::chrono::seconds(1'767'225'600)};

void verify_any(std::string_view text) {
  try {
    codec().verify(text, now);
  } catch (const crest::HttpError& error) {
    require(error.status() == 401, "verify refuses with 401");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "verify threw: %s\n", error.what());
    require(false, "verify throws only HttpError");
  }
}

std::vector<std::string_view> parts_of(std::string_view text) {
  std::vector<std::string_view> parts;
  while (parts.size() < 2) {
    auto dot = text.find('.');
    if (dot == std::string_view::npos) break;
    parts.push_back(text.substr(0, dot));
    text.remove_prefix(dot + 1);
  }
  parts.push_back(text);
  return parts;
}

// Claims are C strings to libjwt and verify refuses empty ones: such parts are not claims.
bool usable_claim(std::string_view part) {
  return !part.empty() && part.find('\0') == std::string_view::npos && crest::is_valid_utf8(part);
}

void round_trip(std::string_view text) {
  auto parts = parts_of(text);
  if (parts.size() != 3) return;
  for (auto part : parts)
    if (!usable_claim(part)) return;
  crest::auth::AccessClaims claims{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), {}, 0, 0, "session"};
  std::string token = codec().sign(claims, now);
  if (token.size() > 4096) {  // verify reads no longer token
    bool refused = false;
    try {
      codec().verify(token, now);
    } catch (const crest::HttpError&) {
      refused = true;
    }
    require(refused, "verify refuses a token over 4096 bytes");
    return;
  }
  auto back = codec().verify(token, now);
  require(back.sub == claims.sub && back.wid == claims.wid && back.role == claims.role, "claims round-trip");
  require(!back.jti.empty(), "sign fills jti");
  require(back.iat == 1'767'225'600 && back.exp == back.iat + codec().ttl().count(), "sign fills iat and exp");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  verify_any(text);
  round_trip(text);
  return 0;
}
