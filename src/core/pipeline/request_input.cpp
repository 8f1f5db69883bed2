#include "core/pipeline/request_input.hpp"

#include <boost/json.hpp>

#include <cctype>

#include "core/errors.hpp"
#include "core/util/percent_encoding.hpp"

namespace crest {
namespace json = boost::json;

json::value params_object(const std::vector<std::pair<std::string, std::string>>& params) {
  json::object out;
  for (const auto& [name, value] : params) out[name] = value;
  return out;
}

json::value parse_query(std::string_view query) {
  json::object out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq), true, "the query string");
    std::string value =
        eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true, "the query string");
    if (auto* existing = out.if_contains(key)) {
      if (!existing->is_array()) *existing = json::array{*existing};
      existing->get_array().emplace_back(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

namespace {
// The media type of a Content-Type, lower-cased, without its parameters.
std::string media_type_of(std::string_view type) {
  auto semicolon = type.find(';');
  std::string_view media = type.substr(0, semicolon);
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  std::string lower;
  for (char c : media) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool is_json_content_type(std::string_view type) {
  std::string lower = media_type_of(type);
  return lower == "application/json" || (lower.starts_with("application/") && lower.ends_with("+json"));
}
}  // namespace

bool has_media_type(std::string_view content_type, std::string_view media_type) {
  return media_type_of(content_type) == media_type_of(media_type);
}

json::value parse_json_body(const http::Request& request) {
  if (request.body.empty()) return json::object();
  if (!is_json_content_type(request.header("content-type")))
    throw UnsupportedMediaType("Content-Type must be application/json");
  json::parse_options options;
  options.max_depth = 64;
  json::stream_parser parser(json::storage_ptr(), options);
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(request.body.data(), request.body.size(), ec);
  if (!ec && consumed == request.body.size()) parser.finish(ec);
  if (ec || consumed != request.body.size()) {
    std::string reason = ec ? ec.message() : "unexpected data after the JSON value";
    throw BadRequest("Malformed JSON at position " + std::to_string(consumed) + ": " + reason);
  }
  return parser.release();
}

}  // namespace crest
