#pragma once
// The client's address behind load balancers: the peer's address, unless the peer is a trusted
// proxy (CREST_TRUSTED_PROXIES), in which case X-Forwarded-For (or Forwarded: for=) is read from
// the right, skipping trusted proxies, and the first address that is not one is the client. A
// client cannot choose its address by sending the header itself: only what trusted hops appended
// counts, and without trusted proxies the header is ignored.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/request.hpp"

namespace crest::http {

// One CIDR block ("10.0.0.0/8", "2001:db8::/32", or one address).
class AddressBlock {
 public:
  // nullopt when the text is not a CIDR block.
  static std::optional<AddressBlock> parse(std::string_view cidr);
  bool contains(std::string_view address) const;

 private:
  bool v6_ = false;
  std::array<unsigned char, 16> bytes_{};
  int prefix_ = 0;
};

class TrustedProxies {
 public:
  TrustedProxies() = default;
  explicit TrustedProxies(std::vector<AddressBlock> blocks) : blocks_(std::move(blocks)) {}
  bool empty() const noexcept { return blocks_.empty(); }
  bool trusts(std::string_view address) const;
  // The client's address for a request whose TCP peer is `peer`.
  std::string client_address(const Request& request, const std::string& peer) const;

 private:
  std::vector<AddressBlock> blocks_;
};

}  // namespace crest::http
