#pragma once
#include <string>

namespace crest {

// Time-ordered UUIDv7 (RFC 9562): ids sort by creation time in both databases, and within one
// process strictly in the order they were made (a sequence within the millisecond).
std::string uuid_v7();

}  // namespace crest
