#include "core/util/uuid.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>

namespace crest {

namespace {
// The millisecond and a 12-bit sequence (rand_a, RFC 9562 §6.2 method 1) of the last id, so
// that ids made in the same millisecond still sort in the order they were made. A sequence
// starts at a random value in the lower half, leaving room to count up; when it runs out, the
// id borrows the next millisecond.
std::atomic<std::uint64_t> last_stamp{0};

std::uint64_t next_stamp(std::uint64_t ms, std::uint64_t random_start) {
  std::uint64_t candidate = (ms << 12) | (random_start & 0x7FF);
  std::uint64_t previous = last_stamp.load(std::memory_order_relaxed);
  std::uint64_t next = 0;
  do {
    next = std::max(candidate, previous + 1);
  } while (!last_stamp.compare_exchange_weak(previous, next, std::memory_order_relaxed));
  return next;
}
}  // namespace

std::string uuid_v7() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  std::uint64_t stamp = next_stamp(ms, random());
  std::uint64_t stamp_ms = stamp >> 12, sequence = stamp & 0xFFF;
  std::array<std::uint8_t, 16> b{};
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(stamp_ms >> (40 - 8 * i));
  b[6] = static_cast<std::uint8_t>(0x70 | (sequence >> 8));  // version 7, then the sequence
  b[7] = static_cast<std::uint8_t>(sequence & 0xFF);
  std::uint64_t r = random();
  for (int i = 8; i < 16; ++i) b[i] = static_cast<std::uint8_t>(r >> (8 * (i - 8)));
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
