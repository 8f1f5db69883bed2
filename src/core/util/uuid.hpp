#pragma once
#include <string>

namespace crest {

// Time-ordered UUIDv7 (RFC 9562): ids sort by creation time in both databases.
std::string uuid_v7();

}  // namespace crest
