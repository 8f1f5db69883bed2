#include "core/auth/sealed_text.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace crest::auth {
namespace {
constexpr std::string_view kPrefix = "sealed:v1:";
constexpr int kBase64 = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}  // namespace

TextSealer::TextSealer(std::string_view secret, std::string_view purpose) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (secret.size() < 32) throw std::invalid_argument("sealing needs a secret of at least 32 bytes");
  // BLAKE2b keyed by the secret over the purpose: one independent key per purpose.
  std::string label = "crest sealed text: " + std::string(purpose);
  crypto_generichash(key_, sizeof key_, reinterpret_cast<const unsigned char*>(label.data()), label.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()),
                     std::min<std::size_t>(secret.size(), crypto_generichash_KEYBYTES_MAX));
}

TextSealer::~TextSealer() { sodium_memzero(key_, sizeof key_); }

std::string TextSealer::seal(std::string_view plaintext) const {
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
  randombytes_buf(box.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), box.data(), key_);
  std::string encoded(sodium_base64_ENCODED_LEN(box.size(), kBase64), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), box.data(), box.size(), kBase64);
  encoded.resize(encoded.size() - 1);  // the terminating NUL
  return std::string(kPrefix) + encoded;
}

std::optional<std::string> TextSealer::open(std::string_view sealed) const {
  if (!sealed.starts_with(kPrefix)) return std::nullopt;
  sealed.remove_prefix(kPrefix.size());
  if (sealed.empty()) return std::nullopt;  // (and libsodium must not be handed an empty buffer)
  std::vector<unsigned char> box(sealed.size());
  std::size_t length = 0;
  if (sodium_base642bin(box.data(), box.size(), sealed.data(), sealed.size(), nullptr, &length, nullptr, kBase64) != 0)
    return std::nullopt;
  if (length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  std::string plaintext(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()), box.data() + crypto_secretbox_NONCEBYTES,
                                 length - crypto_secretbox_NONCEBYTES, box.data(), key_) != 0)
    return std::nullopt;
  return plaintext;
}

}  // namespace crest::auth
