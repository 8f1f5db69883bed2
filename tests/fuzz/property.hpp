#pragma once
// A property a fuzz target asserts: when it fails, say which and trap, which libFuzzer reports as a
// crash and saves the input for.
#include <cstdio>
#include <string_view>

namespace crest::fuzz {

inline void require(bool holds, std::string_view property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property failed: %.*s\n", static_cast<int>(property.size()), property.data());
  __builtin_trap();
}

}  // namespace crest::fuzz
