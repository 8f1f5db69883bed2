#include "shared/mail/message_reader.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "shared/mail/mime_encoding.hpp"

namespace crest::mail {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Entity {
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;
};

Entity split_entity(std::string_view text) {
  auto separator = text.find("\r\n\r\n");
  if (separator == std::string_view::npos) throw std::invalid_argument("no blank line after the headers");
  Entity out;
  out.body = text.substr(separator + 4);
  std::string_view head = text.substr(0, separator + 2);
  while (!head.empty()) {
    auto end = head.find("\r\n");
    std::string_view line = head.substr(0, end);
    head.remove_prefix(end + 2);
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !out.headers.empty()) {
      out.headers.back().second += line;  // unfolding removes the CRLF only
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    out.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return out;
}

std::string find(const Entity& entity, std::string_view name) {
  for (const auto& [key, value] : entity.headers)
    if (same_name(key, name)) return value;
  return {};
}

std::string decode_body(const Entity& entity) {
  std::string encoding = lower(find(entity, "Content-Transfer-Encoding"));
  if (encoding == "quoted-printable") return quoted_printable_decode(entity.body);
  if (encoding == "base64") return base64_decode(entity.body);
  return std::string(entity.body);
}

void take_part(ReadMessage& out, const Entity& part) {
  std::string type = lower(find(part, "Content-Type"));
  if (type.starts_with("text/html"))
    out.html = decode_body(part);
  else if (type.empty() || type.starts_with("text/plain"))
    out.text = decode_body(part);
}

}  // namespace

std::optional<std::string> ReadMessage::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (same_name(key, name)) return decode_encoded_words(value);
  return std::nullopt;
}

ReadMessage read_message(std::string_view text) {
  Entity message = split_entity(text);
  ReadMessage out;
  out.headers = message.headers;
  std::string type = find(message, "Content-Type");
  auto boundary_at = lower(type).find("boundary=\"");
  if (!lower(type).starts_with("multipart/") || boundary_at == std::string::npos) {
    take_part(out, message);
    return out;
  }
  auto boundary_start = boundary_at + 10;
  std::string delimiter = "--" + type.substr(boundary_start, type.find('"', boundary_start) - boundary_start);
  std::string_view rest = message.body;
  auto first = rest.find(delimiter);
  while (first != std::string_view::npos) {
    rest.remove_prefix(first + delimiter.size());
    if (rest.starts_with("--")) break;
    rest.remove_prefix(std::min<std::size_t>(2, rest.size()));  // the CRLF after the delimiter
    auto next = rest.find("\r\n" + delimiter);
    if (next == std::string_view::npos) break;
    take_part(out, split_entity(rest.substr(0, next)));
    rest.remove_prefix(next);
    first = rest.find(delimiter);
  }
  return out;
}

}  // namespace crest::mail
