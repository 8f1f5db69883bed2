#pragma once
// Secrets a row must carry until they are used (an invitation link waiting in the outbox) are
// kept sealed: XSalsa20-Poly1305 (libsodium's secretbox) under a key derived from the server's
// secret for one purpose, so a copy of the database, a backup or a log of its rows holds nothing
// usable. Sealed text reads "sealed:v1:<base64url(nonce | ciphertext)>".
#include <optional>
#include <string>
#include <string_view>

namespace crest::auth {

class TextSealer {
 public:
  // `secret`: at least 32 bytes (the JWT secret); `purpose` separates keys ("outbox").
  TextSealer(std::string_view secret, std::string_view purpose);
  ~TextSealer();
  TextSealer(const TextSealer&) = delete;
  TextSealer& operator=(const TextSealer&) = delete;

  std::string seal(std::string_view plaintext) const;
  // nullopt when the text was not sealed by this key for this purpose, or was altered.
  std::optional<std::string> open(std::string_view sealed) const;

 private:
  unsigned char key_[32];
};

}  // namespace crest::auth
