#include "core/util/hash.hpp"

#include <gtest/gtest.h>

namespace crest {
namespace {

TEST(Hash, Sha256PieceByPieceEqualsTheWhole) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 digest;
  EXPECT_EQ(digest.hex(), sha256_hex(""));
  digest.update("ab");
  digest.update("c");
  EXPECT_EQ(digest.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  digest.update("abc");  // a new digest after hex()
  EXPECT_EQ(digest.hex(), sha256_hex("abc"));
}

// RFC 4231, test case 2.
TEST(Hash, HmacSha256) {
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(to_hex(std::string("\x01\xab\xff", 3)), "01abff");
}

}  // namespace
}  // namespace crest
