#include "core/http/request_head.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "core/util/utf8.hpp"
#include "core/util/text.hpp"

namespace crest::http {
namespace {

bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar); }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// RFC 9110 5.6.1: elements separated by commas, empty elements ignored.
std::vector<std::string_view> list_elements(std::string_view value) {
  std::vector<std::string_view> out;
  while (true) {
    auto comma = value.find(',');
    auto element = trim_blanks(value.substr(0, comma));
    if (!element.empty()) out.push_back(element);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

// uri-host [ ":" port ] (RFC 3986 reg-name, IPv4 or an IP literal in brackets); empty is allowed.
bool is_host_value(std::string_view host) {
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-._~!$&'()*+,;=%:[]").find(c) != std::string_view::npos;
  });
}

bool is_field_value_byte(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7F); }

HeadVerdict refuse(int status, std::string message) { return {status, std::move(message)}; }

struct Fields {
  int host_count = 0;
  std::string_view host;
  std::vector<std::string_view> transfer_encoding;  // every field's value, in order
  std::vector<std::string_view> content_length;
  std::vector<std::string_view> content_encoding;
};

HeadVerdict check_request_line(std::string_view line, bool& http11) {
  auto first_space = line.find(' ');
  auto last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space)
    return refuse(400, "Malformed request line");
  std::string_view method = line.substr(0, first_space);
  std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  std::string_view version = line.substr(last_space + 1);
  if (!is_token(method)) return refuse(400, "Malformed request method");
  if (version == "HTTP/1.1") {
    http11 = true;
  } else if (version != "HTTP/1.0") {
    return refuse(400, "Unsupported HTTP version");
  }
  if (target.empty() || !std::all_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F;
      }))
    return refuse(400, "Malformed request target");
  bool origin_form = target.front() == '/';
  bool asterisk_form = target == "*" && method == "OPTIONS";
  bool absolute_form = istarts_with(target, "http://") || istarts_with(target, "https://");
  if (!origin_form && !asterisk_form && !absolute_form)
    return refuse(400, "The request target must be an absolute path (origin form)");
  return {};
}

HeadVerdict check_field(std::string_view line, Fields& fields) {
  if (line.front() == ' ' || line.front() == '\t')
    return refuse(400, "Obsolete line folding (obs-fold) is not accepted");
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return refuse(400, "Malformed header field");
  std::string_view name = line.substr(0, colon);
  if (!is_token(name)) return refuse(400, "Malformed header field name");
  std::string_view value = trim_blanks(line.substr(colon + 1));
  if (!std::all_of(value.begin(), value.end(), [](char c) { return is_field_value_byte(static_cast<unsigned char>(c)); }))
    return refuse(400, "Header " + std::string(name) + " holds a control character");
  if (!is_valid_utf8(value)) return refuse(400, "Header " + std::string(name) + " is not valid UTF-8");
  if (iequals(name, "host")) {
    ++fields.host_count;
    fields.host = value;
  } else if (iequals(name, "transfer-encoding")) {
    fields.transfer_encoding.push_back(value);
  } else if (iequals(name, "content-length")) {
    fields.content_length.push_back(value);
  } else if (iequals(name, "content-encoding")) {
    fields.content_encoding.push_back(value);
  }
  return {};
}

// RFC 9112 6.1 and 6.3: the only transfer coding crest reads is `chunked`, and it must be last.
HeadVerdict check_transfer_encoding(const Fields& fields, bool http11) {
  if (fields.transfer_encoding.empty()) return {};
  if (!http11) return refuse(400, "Transfer-Encoding is not allowed in an HTTP/1.0 request");
  if (!fields.content_length.empty())
    return refuse(400, "A request may not carry both Transfer-Encoding and Content-Length");
  std::vector<std::string_view> codings;
  for (auto value : fields.transfer_encoding)
    for (auto element : list_elements(value)) codings.push_back(element);
  if (codings.empty()) return refuse(400, "Empty Transfer-Encoding");
  std::optional<std::string> unsupported;
  for (std::size_t i = 0; i < codings.size(); ++i) {
    std::string_view coding = codings[i];
    std::string_view name = trim_blanks(coding.substr(0, coding.find(';')));
    if (!is_token(name)) return refuse(400, "Malformed transfer coding");
    bool chunked = iequals(name, "chunked");
    if (chunked && (name.size() != coding.size() || i + 1 != codings.size()))
      return refuse(400, "chunked must be the last transfer coding, once, without parameters");
    if (!chunked && !unsupported) unsupported = std::string(name);
  }
  if (unsupported) return refuse(501, "Transfer coding '" + *unsupported + "' is not implemented");
  return {};
}

HeadVerdict check_content_length(const Fields& fields) {
  if (fields.content_length.empty()) return {};
  if (fields.content_length.size() > 1) return refuse(400, "More than one Content-Length");
  std::string_view value = fields.content_length.front();
  if (value.empty() || value.size() > 18 ||
      !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return refuse(400, "Malformed Content-Length");
  return {};
}

HeadVerdict check_host(const Fields& fields, bool http11) {
  if (fields.host_count > 1) return refuse(400, "More than one Host header");
  if (http11 && fields.host_count == 0) return refuse(400, "An HTTP/1.1 request must carry a Host header");
  if (!is_host_value(fields.host)) return refuse(400, "Malformed Host header");
  return {};
}

HeadVerdict check_content_encoding(const Fields& fields) {
  for (auto value : fields.content_encoding)
    for (auto coding : list_elements(value))
      if (!iequals(coding, "identity"))
        return refuse(415, "Content-Encoding '" + std::string(coding) +
                               "' is not supported: send the body uncompressed");
  return {};
}

}  // namespace

HeadVerdict check_request_head(std::string_view head) {
  bool http11 = false;
  Fields fields;
  bool request_line = true;
  while (!head.empty()) {
    auto eol = head.find("\r\n");
    if (eol == std::string_view::npos) return refuse(400, "Malformed HTTP request head");
    std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol + 2);
    if (line.empty()) {
      if (request_line) continue;  // RFC 9112 2.2: empty lines before the request line are ignored
      break;
    }
    if (line.find('\n') != std::string_view::npos || line.find('\r') != std::string_view::npos)
      return refuse(400, "Bare CR or LF in the request head");
    HeadVerdict verdict = request_line ? check_request_line(line, http11) : check_field(line, fields);
    if (!verdict.ok()) return verdict;
    request_line = false;
  }
  if (request_line) return refuse(400, "Malformed HTTP request head");
  for (auto check : {check_transfer_encoding(fields, http11), check_content_length(fields),
                     check_host(fields, http11), check_content_encoding(fields)})
    if (!check.ok()) return check;
  return {};
}

std::string origin_target(std::string_view target) {
  std::size_t scheme_end = target.find("://");
  if (target.empty() || target.front() == '/' || target == "*" || scheme_end == std::string_view::npos)
    return std::string(target);
  std::string_view rest = target.substr(scheme_end + 3);
  std::size_t path = rest.find_first_of("/?");
  if (path == std::string_view::npos) return "/";
  if (rest[path] == '?') return "/" + std::string(rest.substr(path));  // "http://host?q"
  return std::string(rest.substr(path));
}

}  // namespace crest::http
