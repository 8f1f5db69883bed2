#include "core/http/client_address.hpp"
#include "core/util/text.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace crest::http {
namespace {

// The address as 16 bytes (IPv4 mapped into IPv6, so "::ffff:10.0.0.1" and "10.0.0.1" agree).
std::optional<std::array<unsigned char, 16>> address_bytes(std::string_view text, bool& v4) {
  std::string s(text);
  std::array<unsigned char, 16> out{};
  in_addr four{};
  if (inet_pton(AF_INET, s.c_str(), &four) == 1) {
    out[10] = out[11] = 0xFF;
    std::memcpy(out.data() + 12, &four, 4);
    v4 = true;
    return out;
  }
  in6_addr six{};
  if (inet_pton(AF_INET6, s.c_str(), &six) == 1) {
    std::memcpy(out.data(), &six, 16);
    v4 = std::all_of(out.begin(), out.begin() + 10, [](unsigned char b) { return b == 0; }) && out[10] == 0xFF &&
         out[11] == 0xFF;
    return out;
  }
  return std::nullopt;
}

// The addresses a Forwarded header names (for=1.2.3.4, for="[2001:db8::1]:4711"), in order.
std::vector<std::string> forwarded_for(std::string_view header) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = header.find("for=", at)) != std::string_view::npos) {
    if (at > 0 && header[at - 1] != ';' && header[at - 1] != ',' && header[at - 1] != ' ') {
      at += 4;
      continue;
    }
    at += 4;
    std::size_t end = header.find_first_of(";,", at);
    std::string_view value = trim_blanks(header.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (!value.empty() && value.front() == '[') {
      auto close = value.find(']');
      value = close == std::string_view::npos ? std::string_view{} : value.substr(1, close - 1);
    } else if (std::count(value.begin(), value.end(), ':') == 1) {
      value = value.substr(0, value.find(':'));  // IPv4 with a port
    }
    out.emplace_back(value);
  }
  return out;
}

std::vector<std::string> x_forwarded_for(std::string_view header) {
  std::vector<std::string> out;
  while (true) {
    auto comma = header.find(',');
    out.emplace_back(trim_blanks(header.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::optional<AddressBlock> AddressBlock::parse(std::string_view cidr) {
  auto slash = cidr.find('/');
  bool v4 = false;
  auto bytes = address_bytes(trim_blanks(cidr.substr(0, slash)), v4);
  if (!bytes) return std::nullopt;
  int max = v4 ? 32 : 128;
  int prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view digits = trim_blanks(cidr.substr(slash + 1));
    if (digits.empty() || digits.size() > 3 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return std::nullopt;
    prefix = std::stoi(std::string(digits));
    if (prefix > max) return std::nullopt;
  }
  AddressBlock block;
  block.v6_ = !v4;
  block.bytes_ = *bytes;
  block.prefix_ = v4 ? prefix + 96 : prefix;
  return block;
}

bool AddressBlock::contains(std::string_view address) const {
  bool v4 = false;
  auto bytes = address_bytes(address, v4);
  if (!bytes) return false;
  for (int bit = 0; bit < prefix_; ++bit) {
    int byte = bit / 8, mask = 0x80 >> (bit % 8);
    if (((*bytes)[byte] & mask) != (bytes_[byte] & mask)) return false;
  }
  return true;
}

bool TrustedProxies::trusts(std::string_view address) const {
  return std::any_of(blocks_.begin(), blocks_.end(), [&](const AddressBlock& b) { return b.contains(address); });
}

std::string TrustedProxies::client_address(const Request& request, const std::string& peer) const {
  if (blocks_.empty() || !trusts(peer)) return peer;
  std::string_view forwarded = request.header("forwarded");
  std::vector<std::string> hops = !forwarded.empty() ? forwarded_for(forwarded) : x_forwarded_for(request.header("x-forwarded-for"));
  // From the nearest hop outwards: the first address no trusted proxy added is the client.
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    bool v4 = false;
    if (!address_bytes(*hop, v4)) return peer;  // garbage (or "unknown"): trust nothing past it
    if (!trusts(*hop)) return *hop;
  }
  return hops.empty() ? peer : hops.front();
}

}  // namespace crest::http
