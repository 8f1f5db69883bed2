#include "core/auth/sealed_text.hpp"

#include <gtest/gtest.h>

namespace crest::auth {
namespace {

const std::string kSecret = "a sealing test secret of 32+ bytes!";

TEST(SealedText, OpensWhatItSealedAndHidesThePlaintext) {
  TextSealer sealer(kSecret, "outbox");
  std::string sealed = sealer.seal("https://app/accept#token=abc");
  EXPECT_TRUE(sealed.starts_with("sealed:v1:"));
  EXPECT_EQ(sealed.find("token=abc"), std::string::npos);
  EXPECT_EQ(sealer.open(sealed).value(), "https://app/accept#token=abc");
  EXPECT_NE(sealer.seal("same"), sealer.seal("same"));  // a fresh nonce each time
}

TEST(SealedText, AnotherKeyOrPurposeOrAnAlteredTextDoesNotOpen) {
  TextSealer sealer(kSecret, "outbox");
  std::string sealed = sealer.seal("secret");
  EXPECT_FALSE(TextSealer(kSecret, "other").open(sealed));
  EXPECT_FALSE(TextSealer("another sealing secret of 32+ bytes", "outbox").open(sealed));
  std::string altered = sealed;
  altered[altered.size() - 2] = altered[altered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(sealer.open(altered));
  EXPECT_FALSE(sealer.open("plain text"));
  EXPECT_FALSE(sealer.open("sealed:v1:"));
  EXPECT_FALSE(sealer.open("sealed:v1:!!!"));
}

}  // namespace
}  // namespace crest::auth
