#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>
#include <sodium.h>
#include <jwt.h>

#include <set>

#include "core/auth/jwt.hpp"
#include "core/errors.hpp"
#include "core/auth/password_hasher.hpp"
#include "core/auth/tokens.hpp"
#include "core/errors.hpp"

namespace crest::auth {
namespace {
using namespace std::chrono_literals;

const std::string kSecret(40, 'k');

AccessClaims alice() { return AccessClaims{"user-1", "workspace-1", "Admin", "", 0, 0, "session-1"}; }

// Forged tokens are built by hand from base64url pieces.
std::string b64url(const std::string& s) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char c : s) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(t[(val >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(t[((val << 8) >> (bits + 8)) & 0x3F]);
  return out;
}

TEST(Jwt, SignedTokenVerifiesWithItsClaims) {
  JwtCodec codec({kSecret});
  auto now = std::chrono::system_clock::now();
  auto claims = codec.verify(codec.sign(alice(), now), now);
  EXPECT_EQ(claims.sub, "user-1");
  EXPECT_EQ(claims.wid, "workspace-1");
  EXPECT_EQ(claims.role, "Admin");
  EXPECT_EQ(claims.jti.size(), 36u);
  EXPECT_EQ(claims.exp - claims.iat, 900);
}

TEST(Jwt, ExpiredTokenIsUnauthorized) {
  JwtCodec codec({kSecret});
  auto issued = std::chrono::system_clock::now() - 16min;
  EXPECT_THROW(codec.verify(codec.sign(alice(), issued)), Unauthorized);
}

TEST(Jwt, WrongSecretIssuerOrAudienceIsUnauthorized) {
  JwtCodec codec({kSecret});
  std::string token = codec.sign(alice());
  EXPECT_THROW(JwtCodec({std::string(40, 'x')}).verify(token), Unauthorized);
  EXPECT_THROW(JwtCodec({kSecret, "someone-else"}).verify(token), Unauthorized);
  EXPECT_THROW(JwtCodec({kSecret, "crest", "another-api"}).verify(token), Unauthorized);
}

TEST(Jwt, TamperedPayloadIsUnauthorized) {
  JwtCodec codec({kSecret});
  std::string token = codec.sign(alice());
  auto first = token.find('.'), second = token.rfind('.');
  std::string forged_payload = b64url(R"({"sub":"user-1","wid":"workspace-1","role":"Owner","jti":"x","iss":"crest","aud":"crest-api","iat":1,"exp":99999999999})");
  EXPECT_THROW(codec.verify(token.substr(0, first + 1) + forged_payload + token.substr(second)), Unauthorized);
}

TEST(Jwt, AlgNoneIsRejected) {
  JwtCodec codec({kSecret});
  std::string payload = b64url(R"({"sub":"user-1","wid":"workspace-1","role":"Owner","jti":"x","iss":"crest","aud":"crest-api","iat":1,"exp":99999999999})");
  EXPECT_THROW(codec.verify(b64url(R"({"alg":"none","typ":"JWT"})") + "." + payload + "."), Unauthorized);
  EXPECT_THROW(codec.verify(b64url(R"({"alg":"none","typ":"JWT"})") + "." + payload), Unauthorized);
}

TEST(Jwt, AnotherAlgorithmWithTheSameSecretIsRejected) {
  jwt_t* raw = nullptr;
  jwt_new(&raw);
  for (const char* g : {"sub", "wid", "role", "jti"}) jwt_add_grant(raw, g, "x");
  jwt_add_grant(raw, "iss", "crest");
  jwt_add_grant(raw, "aud", "crest-api");
  jwt_add_grant_int(raw, "exp", 99999999999);
  jwt_set_alg(raw, JWT_ALG_HS512, reinterpret_cast<const unsigned char*>(kSecret.data()), static_cast<int>(kSecret.size()));
  char* encoded = jwt_encode_str(raw);
  std::string token(encoded);
  free(encoded);
  jwt_free(raw);
  EXPECT_THROW(JwtCodec({kSecret}).verify(token), Unauthorized);
}

TEST(Jwt, GarbageIsUnauthorized) {
  JwtCodec codec({kSecret});
  for (const char* t : {"", "abc", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9.e30.x"})
    EXPECT_THROW(codec.verify(t), Unauthorized) << t;
}

TEST(Jwt, ShortSecretIsRefused) { EXPECT_THROW(JwtCodec({"short"}), std::invalid_argument); }

template <class T>
T run(boost::asio::awaitable<T> work) {
  boost::asio::io_context io;
  auto f = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
  io.run();
  return f.get();
}

TEST(PasswordHasher, HashesWithArgon2idAndVerifies) {
  PasswordHasher hasher({1, 1024 * 1024});  // tiny parameters: tests, not production
  std::string hash = run(hasher.hash("correct horse"));
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(run(hasher.verify(hash, "correct horse")));
  EXPECT_FALSE(run(hasher.verify(hash, "wrong horse")));
  EXPECT_FALSE(run(hasher.verify("not a hash", "correct horse")));
  EXPECT_NE(run(hasher.hash("correct horse")), hash);  // salted
}

// The decoy an unknown email is checked against is a well-formed hash of the same parameters (so
// libsodium does the whole Argon2 computation before it fails), shaped like a real one, matched
// by no password, and different in each process.
TEST(PasswordHasher, TheDecoyIsAWellFormedHashOfTheSameParametersThatNothingMatches) {
  PasswordParams params{1, 1024 * 1024};
  PasswordHasher hasher(params);
  std::string real = run(hasher.hash("correct horse"));
  std::string decoy = decoy_hash(params);
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(decoy.c_str(), params.ops_limit, params.mem_limit), 0)
      << "malformed, or other parameters: " << decoy;
  EXPECT_EQ(decoy.size(), real.size());
  EXPECT_EQ(decoy.substr(0, decoy.find('$', 16)), real.substr(0, real.find('$', 16))) << decoy << " vs " << real;
  EXPECT_FALSE(run(hasher.verify(decoy, "correct horse")));
  EXPECT_FALSE(run(hasher.verify(decoy, "")));
  EXPECT_NE(decoy_hash(params), decoy);
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(decoy.c_str(), 2, params.mem_limit), 1) << "the check can tell";
}

// While a hash is computed, the event loop that asked for it keeps serving other work: the
// hashing happens on the hasher's threads, not inline.
TEST(PasswordHasher, HashingLeavesTheEventLoopFreeForOtherWork) {
  PasswordHasher hasher({1, 8 * 1024 * 1024});
  boost::asio::io_context io;
  bool other_work_ran = false;
  bool ran_before_hash_finished = false;
  boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> {
    co_await hasher.hash("correct horse");
    ran_before_hash_finished = other_work_ran;
  }, boost::asio::detached);
  boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> {
    other_work_ran = true;
    co_return;
  }, boost::asio::detached);
  io.run();
  EXPECT_TRUE(ran_before_hash_finished);
}

// Past its bound, a call is refused at once with a 503 and Retry-After rather than queued; the
// admitted ones still finish, and once they have, calls are admitted again.
TEST(PasswordHasher, PastItsBoundACallIsA503WithRetryAfter_NotAQueue) {
  PasswordHasher hasher({1, 8 * 1024 * 1024}, 1, 2);
  boost::asio::io_context io;
  int hashed = 0, refused = 0;
  std::string retry_after;
  for (int i = 0; i < 5; ++i)
    boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> {
      try {
        co_await hasher.hash("correct horse");
        ++hashed;
      } catch (const HttpError& e) {
        EXPECT_EQ(e.status(), 503);
        for (const auto& [name, value] : e.headers)
          if (name == "Retry-After") retry_after = value;
        ++refused;
      }
    }, boost::asio::detached);
  io.run();
  EXPECT_EQ(hashed, 2);
  EXPECT_EQ(refused, 3);
  EXPECT_EQ(retry_after, "1");
  EXPECT_EQ(run(hasher.hash("again")).rfind("$argon2id$", 0), 0u);
}

TEST(Tokens, RefreshTokensAre256BitRandomAndStoredAsHashes) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(random_token());
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(seen.begin()->size(), 43u);  // 32 bytes, URL-safe base64 without padding
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace crest::auth
