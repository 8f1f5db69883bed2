#pragma once
// The MIME encodings a mail needs (RFC 2045, RFC 2047), and their decoders for tests and tools.
#include <string>
#include <string_view>

namespace crest::mail {

// LF, CR or CRLF line ends all become CRLF.
std::string normalize_line_ends(std::string_view text);

// Quoted-printable of `text` (RFC 2045 6.7): line ends become CRLF hard breaks, lines are cut with
// soft breaks ("=" CRLF) to at most 76 characters, '=' and bytes outside printable ASCII are =XX,
// and so is a space or tab that would end a line.
std::string quoted_printable_encode(std::string_view text);
// Soft breaks removed, =XX decoded; the inverse of the encoder.
std::string quoted_printable_decode(std::string_view encoded);

std::string base64_encode(std::string_view bytes);
// Ignores line breaks; throws std::invalid_argument on anything else outside the alphabet.
std::string base64_decode(std::string_view text);

// `text` (UTF-8) as RFC 2047 encoded-words "=?UTF-8?B?...?=", each at most 64 characters and never
// splitting a character, joined by CRLF + space (a folded header line).
std::string encoded_words(std::string_view text);
// Decodes every =?charset?B|Q?...?= word in a header value (the charset is not converted), and
// drops the folding and whitespace between adjacent words, as RFC 2047 says.
std::string decode_encoded_words(std::string_view value);

}  // namespace crest::mail
