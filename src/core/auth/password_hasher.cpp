#include "core/auth/password_hasher.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <sodium.h>

#include <boost/asio/post.hpp>

#include <atomic>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "core/errors.hpp"

namespace crest::auth {
namespace asio = boost::asio;

namespace {

std::string hash_now(const std::string& password, const PasswordParams& params) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params.ops_limit, params.mem_limit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_now(const std::string& stored, const std::string& password) {
  if (stored.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

// Free coroutines with by-value parameters: their frames own what they use.
asio::awaitable<std::string> hash_task(std::string password, PasswordParams params) {
  co_return hash_now(password, params);
}
asio::awaitable<bool> verify_task(std::string stored, std::string password) {
  co_return verify_now(stored, password);
}
asio::awaitable<void> verify_dummy_task(std::string dummy, std::string password) {
  verify_now(dummy, password);
  co_return;
}

}  // namespace

std::string decoy_hash(const PasswordParams& params) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  unsigned char salt[crypto_pwhash_SALTBYTES];
  unsigned char hash[32];
  randombytes_buf(salt, sizeof salt);
  randombytes_buf(hash, sizeof hash);
  auto base64 = [](const unsigned char* bytes, std::size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    out.resize(std::strlen(out.c_str()));
    return out;
  };
  return "$argon2id$v=19$m=" + std::to_string(params.mem_limit / 1024) + ",t=" + std::to_string(params.ops_limit) +
         ",p=1$" + base64(salt, sizeof salt) + "$" + base64(hash, sizeof hash);
}

struct PasswordHasher::Impl {
  Impl(PasswordParams p, std::size_t threads, std::size_t max_waiting)
      : params(p), pool(threads), max_pending(max_waiting ? max_waiting : 16 * threads) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    dummy_hash = decoy_hash(params);
  }
  ~Impl() { pool.join(); }
  PasswordParams params;
  asio::thread_pool pool;
  std::string dummy_hash;
  std::size_t max_pending;
  std::atomic<std::size_t> pending{0};
};

namespace {
// A place among the pending hashes for as long as a call lasts; none left: 503.
class Admission {
 public:
  Admission(std::atomic<std::size_t>& pending, std::size_t max) : pending_(pending) {
    if (pending_.fetch_add(1) >= max) {
      pending_.fetch_sub(1);
      throw TooBusy();
    }
  }
  ~Admission() { pending_.fetch_sub(1); }
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;

 private:
  struct TooBusy : ServiceUnavailable {
    TooBusy() : ServiceUnavailable("Too many sign-ins at once; retry in a moment") { headers.emplace_back("Retry-After", "1"); }
  };
  std::atomic<std::size_t>& pending_;
};
}  // namespace

PasswordHasher::PasswordHasher(PasswordParams params, std::size_t threads, std::size_t max_pending)
    : impl_(std::make_unique<Impl>(params, threads, max_pending)) {}
PasswordHasher::~PasswordHasher() = default;

asio::awaitable<std::string> PasswordHasher::hash(std::string password) {
  Admission admitted(impl_->pending, impl_->max_pending);
  auto work = hash_task(std::move(password), impl_->params);
  std::string out = co_await asio::co_spawn(impl_->pool, std::move(work), asio::use_awaitable);
  co_return out;
}

asio::awaitable<bool> PasswordHasher::verify(std::string stored_hash, std::string password) {
  Admission admitted(impl_->pending, impl_->max_pending);
  auto work = verify_task(std::move(stored_hash), std::move(password));
  bool ok = co_await asio::co_spawn(impl_->pool, std::move(work), asio::use_awaitable);
  co_return ok;
}

asio::awaitable<void> PasswordHasher::verify_dummy(std::string password) {
  Admission admitted(impl_->pending, impl_->max_pending);
  auto work = verify_dummy_task(impl_->dummy_hash, std::move(password));
  co_await asio::co_spawn(impl_->pool, std::move(work), asio::use_awaitable);
}

}  // namespace crest::auth
