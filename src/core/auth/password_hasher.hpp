#pragma once
// Argon2id password hashing (libsodium) on threads of its own: a burst of logins never stalls the
// HTTP I/O threads. An unknown email should cost the same as a wrong password: verify_dummy().
// The work waiting is bounded: past `max_pending` hashes queued or running, a call throws
// ServiceUnavailable (503 with Retry-After) at once instead of queueing minutes of hashing.
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace crest::auth {

struct PasswordParams {
  unsigned long long ops_limit = 2;          // libsodium's "interactive"
  std::size_t mem_limit = 64u * 1024 * 1024;  // 64 MiB
};

// An Argon2id hash string with `params`, a random salt and random hash bytes, which no password
// matches: verifying against it costs what a wrong password costs against a real hash, and
// making it costs nothing (hashing a real dummy would take mem_limit for a moment in every
// process, `crest worker`'s too).
std::string decoy_hash(const PasswordParams& params);

class PasswordHasher {
 public:
  // max_pending 0: 16 per thread (at ~80 ms a hash, about a second and a half of waiting).
  explicit PasswordHasher(PasswordParams params = {}, std::size_t threads = 2, std::size_t max_pending = 0);
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // "$argon2id$v=19$m=65536,t=2,p=1$..." (the parameters travel with the hash).
  boost::asio::awaitable<std::string> hash(std::string password);
  boost::asio::awaitable<bool> verify(std::string stored_hash, std::string password);
  // Verifies against a decoy_hash() of the same parameters, discarding the result.
  boost::asio::awaitable<void> verify_dummy(std::string password);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crest::auth
