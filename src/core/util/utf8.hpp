#pragma once
// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates (U+D800..U+DFFF), nothing past
// U+10FFFF. What the stores accept: PostgreSQL refuses the rest, SQLite would keep it.
#include <string_view>

namespace crest {

bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace crest
