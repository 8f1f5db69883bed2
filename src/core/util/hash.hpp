#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace crest {

// Lower-case hex SHA-256 (migration checksums, stored refresh-token hashes).
std::string sha256_hex(std::string_view data);

// Lower-case hex of any bytes ("\x01\xab" -> "01ab").
std::string to_hex(std::string_view bytes);

// HMAC-SHA256 of `data` under `key`: the 32 raw bytes (AWS Signature V4 chains them).
std::string hmac_sha256(std::string_view key, std::string_view data);

// SHA-256 fed piece by piece: a stored file's digest without holding the file.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(std::string_view bytes);
  std::string hex();  // ends it; a later update() starts a new digest

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace crest
