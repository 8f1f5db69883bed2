#pragma once
#include <string>
#include <string_view>

namespace crest {

// Lower-case hex SHA-256 (migration checksums, stored refresh-token hashes).
std::string sha256_hex(std::string_view data);

}  // namespace crest
