#include "core/util/uuid.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <random>

namespace crest {

std::string uuid_v7() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::array<std::uint8_t, 16> b{};
  auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  std::uint64_t r1 = random(), r2 = random();
  for (int i = 6; i < 16; ++i) b[i] = static_cast<std::uint8_t>((i < 11 ? r1 : r2) >> (8 * (i % 8)));
  b[6] = static_cast<std::uint8_t>(0x70 | (b[6] & 0x0F));  // version 7
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3F));  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0x0F];
  }
  return out;
}

}  // namespace crest
