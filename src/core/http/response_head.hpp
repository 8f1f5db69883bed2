#pragma once
// The status line and header block of a response, written by hand: one string the server sends
// in the same write as the body (Beast's serializer cost ~8,000 instructions a response).
#include <cstddef>
#include <string>

#include "core/http/request.hpp"

namespace crest::http {

// `content_length` is the body's size even when the body is not sent (HEAD). Content-Length is
// left out for 1xx, 204 and 304, which have no body; `Connection: close` is added when the
// connection will not be kept. Content-Length, Transfer-Encoding and Connection among the
// response's own headers are ignored (the server owns them); a header named Content-Type
// replaces `response.content_type`. CR and LF in names or values become spaces, so no header
// can split the response.
std::string response_head(const Response& response, std::size_t content_length, bool keep_alive);
// The head of a streamed body: Transfer-Encoding: chunked, and the connection closes after it.
std::string streamed_response_head(const Response& response);

}  // namespace crest::http
