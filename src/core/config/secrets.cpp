#include "core/config/secrets.hpp"

// g++ 12 reports a false -Warray-bounds on returning a std::string checked to be long
// (GCC bug 105329); nothing here indexes out of bounds.
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overread"

#include <sys/stat.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

namespace crest {

namespace {

std::string random_hex_48_bytes() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device random;  // /dev/urandom
  std::array<char, 96> digits{};
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    auto byte = static_cast<unsigned char>(random());
    digits[i] = kHex[byte >> 4];
    digits[i + 1] = kHex[byte & 0x0F];
  }
  return std::string(digits.begin(), digits.end());
}

}  // namespace

std::string load_or_create_secret(const std::string& data_dir, const std::string& name) {
  namespace fs = std::filesystem;
  fs::path path = fs::path(data_dir) / name;
  std::string existing;
  if (std::ifstream in(path); in) std::getline(in, existing);
  if (existing.size() >= 32) return existing;

  fs::create_directories(data_dir);
  std::string created = random_hex_48_bytes();
  {
    std::ofstream out(path, std::ios::trunc);
    out << created << "\n";
    if (!out) throw std::runtime_error("cannot write " + path.string());
  }
  ::chmod(path.c_str(), S_IRUSR | S_IWUSR);
  return created;
}

}  // namespace crest
