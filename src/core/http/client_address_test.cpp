#include "core/http/client_address.hpp"

#include <gtest/gtest.h>

namespace crest::http {
namespace {

TrustedProxies proxies(std::initializer_list<const char*> cidrs) {
  std::vector<AddressBlock> blocks;
  for (const char* cidr : cidrs) blocks.push_back(AddressBlock::parse(cidr).value());
  return TrustedProxies(std::move(blocks));
}

Request with(std::string name, std::string value) {
  Request r;
  r.headers.emplace_back(std::move(name), std::move(value));
  return r;
}

TEST(AddressBlock, MatchesByPrefixForBothFamilies) {
  auto ten = AddressBlock::parse("10.0.0.0/8").value();
  EXPECT_TRUE(ten.contains("10.1.2.3"));
  EXPECT_TRUE(ten.contains("::ffff:10.1.2.3"));
  EXPECT_FALSE(ten.contains("11.0.0.1"));
  EXPECT_FALSE(ten.contains("not an address"));
  auto doc = AddressBlock::parse("2001:db8::/32").value();
  EXPECT_TRUE(doc.contains("2001:db8:1::5"));
  EXPECT_FALSE(doc.contains("2001:db9::1"));
  EXPECT_TRUE(AddressBlock::parse("127.0.0.1").value().contains("127.0.0.1"));
  EXPECT_FALSE(AddressBlock::parse("10.0.0.0/33"));
  EXPECT_FALSE(AddressBlock::parse("10.0.0/8"));
  EXPECT_FALSE(AddressBlock::parse("10.0.0.0/x"));
}

TEST(TrustedProxies, WithoutTrustedProxiesTheHeaderIsIgnored) {
  TrustedProxies none;
  EXPECT_EQ(none.client_address(with("x-forwarded-for", "6.6.6.6"), "203.0.113.9"), "203.0.113.9");
}

TEST(TrustedProxies, AnUntrustedPeerCannotChooseItsAddress) {
  auto lb = proxies({"10.0.0.0/8"});
  EXPECT_EQ(lb.client_address(with("x-forwarded-for", "1.1.1.1"), "203.0.113.9"), "203.0.113.9");
}

TEST(TrustedProxies, BehindATrustedProxyTheNearestUntrustedHopIsTheClient) {
  auto lb = proxies({"10.0.0.0/8"});
  // The client forged "6.6.6.6" before its real address reached the balancer, which appended it.
  EXPECT_EQ(lb.client_address(with("x-forwarded-for", "6.6.6.6, 198.51.100.7"), "10.0.0.2"), "198.51.100.7");
  EXPECT_EQ(lb.client_address(with("x-forwarded-for", "198.51.100.7, 10.0.0.3"), "10.0.0.2"), "198.51.100.7");
  EXPECT_EQ(lb.client_address(with("forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8::1]:4711\""), "10.0.0.2"),
            "2001:db8::1");
  EXPECT_EQ(lb.client_address(with("forwarded", "for=192.0.2.60:8080"), "10.0.0.2"), "192.0.2.60");
  EXPECT_EQ(lb.client_address(with("x-forwarded-for", "garbage"), "10.0.0.2"), "10.0.0.2");
  EXPECT_EQ(lb.client_address(Request{}, "10.0.0.2"), "10.0.0.2");
}

}  // namespace
}  // namespace crest::http
