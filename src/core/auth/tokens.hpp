#pragma once
// Opaque refresh tokens: 256 random bits, URL-safe base64; only their SHA-256 is stored.
#include <string>
#include <string_view>

namespace crest::auth {

std::string random_token();
std::string token_hash(std::string_view token);

}  // namespace crest::auth
