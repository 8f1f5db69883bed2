#pragma once
// The rules of RFC 9112 and RFC 9110 on a request head that Beast's parser leaves to the server,
// checked on the raw bytes before Beast reads them: framing that two parsers could read two ways
// (Transfer-Encoding with Content-Length, a coding list not ending in `chunked`, obs-fold), Host,
// the request target's form, field syntax (no control characters, UTF-8 values) and request
// content codings crest does not decode. Every refusal closes the connection: after a head that
// cannot be framed, no byte that follows can be trusted to start the next request.
#include <string>
#include <string_view>

namespace crest::http {

struct HeadVerdict {
  int status = 0;  // 0: acceptable; otherwise 400, 415 or 501
  std::string message;
  bool ok() const noexcept { return status == 0; }
};

// `head`: the request line and the header fields, through the empty line that ends them.
HeadVerdict check_request_head(std::string_view head);

// The path of a request target in origin form ("/a/b?q" -> "/a/b?q"), absolute form
// ("http://host/a?q" -> "/a?q"; "http://host" -> "/") or asterisk form ("*"). check_request_head
// accepts no other.
std::string origin_target(std::string_view target);

}  // namespace crest::http
