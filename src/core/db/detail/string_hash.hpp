#pragma once
// Transparent hashing, so a statement cache keyed by std::string is searched with a string_view
// without building a string on every query.
#include <functional>
#include <string_view>

namespace crest::db::detail {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace crest::db::detail
