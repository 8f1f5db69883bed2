// Raw bytes as a client would send them: crest's head checks first (as the server runs them), then
// Beast's parser on what they accept, then the target, path and query as the pipeline reads them.
// Pipelined requests are followed while each one frames cleanly.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "core/http/request_head.hpp"
#include "core/pipeline/request_input.hpp"
#include "core/util/percent_encoding.hpp"
#include "core/util/utf8.hpp"
#include "property.hpp"

namespace {

namespace bhttp = boost::beast::http;
using crest::fuzz::require;

void check_decoding(std::string_view text) {
  for (bool plus_is_space : {false, true}) {
    auto decoded = crest::try_percent_decode(text, plus_is_space);
    if (!decoded) continue;
    require(crest::is_valid_utf8(*decoded), "try_percent_decode returns UTF-8");
    require(decoded->find('\0') == std::string::npos, "try_percent_decode returns no NUL");
  }
  bool refused = false;
  try {
    crest::require_percent_decodes(text);
  } catch (const crest::BadRequest&) {
    refused = true;
  }
  require(refused == !crest::try_percent_decode(text), "require_percent_decodes agrees with try_percent_decode");
}

void read_target(std::string_view target) {
  std::string origin = crest::http::origin_target(target);
  require(origin == "*" || (!origin.empty() && origin.front() == '/'),
          "an accepted target reads as origin form or *");
  auto question = origin.find('?');
  check_decoding(std::string_view(origin).substr(0, question));
  if (question == std::string::npos) return;
  try {
    crest::parse_query(std::string_view(origin).substr(question + 1));
  } catch (const crest::HttpError&) {
  }
}

// One request from the front of `bytes`; how many bytes it took, or 0 when no request follows it.
std::size_t read_request(std::string_view bytes) {
  auto head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return 0;
  auto verdict = crest::http::check_request_head(bytes.substr(0, head_end + 4));
  if (!verdict.ok()) {
    require(verdict.status == 400 || verdict.status == 415 || verdict.status == 501, "a refusal is 400, 415 or 501");
    require(!verdict.message.empty(), "a refusal says why");
    return 0;
  }
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (!parser.is_done() && !ec) {
    std::size_t n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (n == 0) break;
  }
  if (!parser.is_header_done()) return 0;
  read_target(std::string_view(parser.get().target().data(), parser.get().target().size()));
  return parser.is_done() && !ec ? used : 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check_decoding(bytes);
  for (int request = 0; request < 8 && !bytes.empty(); ++request) {
    std::size_t used = read_request(bytes);
    if (used == 0) break;
    bytes.remove_prefix(used);
  }
  return 0;
}
