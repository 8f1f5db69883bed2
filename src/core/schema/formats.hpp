#pragma once
// String formats shared by the validator, written to accept what Zod 3 accepts.
#include <string>
#include <string_view>

namespace crest::schema {

std::string_view trimmed(std::string_view s);
// Length as JavaScript counts it (UTF-16 code units), so min/max agree with Zod.
std::size_t utf16_length(std::string_view utf8);
bool is_email(std::string_view s);
bool is_uuid(std::string_view s);
bool is_url(std::string_view s);
// YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM) with a real calendar date.
bool is_iso_datetime(std::string_view s);

}  // namespace crest::schema
