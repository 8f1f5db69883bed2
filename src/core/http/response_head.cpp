#include "core/http/response_head.hpp"

#include <cstdint>
#include <string_view>

#include "core/util/json_text.hpp"

namespace crest::http {
namespace {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Entity";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";  // (the reason phrase is optional: RFC 9112, 4)
  }
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Framing is the server's: a handler's own value for these could desynchronize the connection.
bool server_owned(std::string_view name) {
  return same_name(name, "content-length") || same_name(name, "transfer-encoding") || same_name(name, "connection");
}

void append_field_text(std::string& out, std::string_view text) {
  std::size_t start = out.size();
  out += text;
  for (std::size_t i = start; i < out.size(); ++i)
    if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  append_field_text(out, name);
  out += ": ";
  append_field_text(out, value);
  out += "\r\n";
}

}  // namespace

namespace {
void append_status_and_fields(std::string& out, const Response& response, bool has_body) {
  out += "HTTP/1.1 ";
  append_json_number(out, static_cast<std::int64_t>(response.status));
  out += ' ';
  out += reason_phrase(response.status);
  out += "\r\n";
  bool typed = false;
  for (const auto& header : response.headers) typed = typed || same_name(header.first, "content-type");
  if (!typed && has_body) append_field(out, "Content-Type", response.content_type);
  for (const auto& [name, value] : response.headers)
    if (!server_owned(name)) append_field(out, name, value);
}
}  // namespace

std::string streamed_response_head(const Response& response) {
  std::string out;
  out.reserve(160 + 64 * response.headers.size());
  append_status_and_fields(out, response, true);
  out += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  return out;
}

std::string response_head(const Response& response, std::size_t content_length, bool keep_alive) {
  std::string out;
  out.reserve(128 + 64 * response.headers.size());
  append_status_and_fields(out, response, content_length > 0 || response.status != 204);
  bool bodiless = (response.status >= 100 && response.status < 200) || response.status == 204 || response.status == 304;
  if (!bodiless) {
    out += "Content-Length: ";
    append_json_number(out, static_cast<std::uint64_t>(content_length));
    out += "\r\n";
  }
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  return out;
}

}  // namespace crest::http
