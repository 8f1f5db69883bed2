#pragma once
// Percent-decoding of path segments and query components (RFC 3986). Strict: a '%' not followed
// by two hex digits, a decoded NUL, or decoded bytes that are not UTF-8 make the text invalid,
// so nothing a store cannot hold gets past the router.
#include <optional>
#include <string>
#include <string_view>

namespace crest {

// The decoded text, or nullopt when it is invalid. `plus_is_space` for query components
// (application/x-www-form-urlencoded).
std::optional<std::string> try_percent_decode(std::string_view text, bool plus_is_space = false);

// The same, throwing BadRequest naming `what` ("the path", "query parameter 'search'").
std::string percent_decode(std::string_view text, bool plus_is_space = false, std::string_view what = "the path");

// Throws that BadRequest unless `text` decodes; copies nothing when it holds no escape.
void require_percent_decodes(std::string_view text, std::string_view what = "the path");

}  // namespace crest
