#include "shared/mail/mail_message.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

#include "core/schema/formats.hpp"
#include "core/util/utf8.hpp"
#include "core/util/uuid.hpp"
#include "shared/mail/mail_errors.hpp"
#include "shared/mail/mime_encoding.hpp"

namespace crest::mail {

namespace {

constexpr std::size_t kHeaderLineLimit = 78;  // RFC 5322 2.1.1: SHOULD; 998 is the hard limit
constexpr std::size_t kExtraHeaderValueLimit = 900;

// Header injection: a CR or LF would end the header and start another (or the body).
void refuse_line_breaks(std::string_view value, const std::string& field) {
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
    throw InvalidMailMessage(field, "must not contain CR, LF or NUL");
}

void require_utf8(std::string_view value, const std::string& field) {
  if (!is_valid_utf8(value)) throw InvalidMailMessage(field, "must be UTF-8");
}

bool printable_ascii(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) { return c >= 32 && c <= 126; });
}

std::string_view trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

bool lower_equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Unstructured text (a subject) as it goes after "Name: ": plain ASCII folded at spaces when it can
// be, else encoded-words.
std::string unstructured_value(std::string_view text, std::size_t name_length) {
  bool plain = printable_ascii(text) && text.find("=?") == std::string_view::npos;
  // Tokens are runs of spaces then non-spaces; a fold goes before a token's leading space.
  std::vector<std::string_view> tokens;
  for (std::size_t start = 0; plain && start < text.size();) {
    std::size_t word = text.find_first_not_of(' ', start);
    std::size_t end = word == std::string_view::npos ? text.size() : text.find(' ', word);
    if (end == std::string_view::npos) end = text.size();
    if (end - start > kHeaderLineLimit - 8) plain = false;  // a word no fold can fit
    tokens.push_back(text.substr(start, end - start));
    start = end;
  }
  if (!plain) return encoded_words(text);
  std::string out;
  std::size_t column = name_length + 2;
  for (auto token : tokens) {
    if (column + token.size() > kHeaderLineLimit && !out.empty() && token.front() == ' ') {
      out += "\r\n";
      column = 0;
    }
    out += token;
    column += token.size();
  }
  return out;
}

bool is_atom_text(std::string_view name) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-/=?^_`{|}~ ";
  return name.find("=?") == std::string_view::npos && std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || kSpecials.find(c) != std::string_view::npos;
         });
}

std::string domain_of(const std::string& address) { return address.substr(address.rfind('@') + 1); }

std::string checked_message_id(const MailMessage& message, const Mailbox& from) {
  if (message.message_id.empty()) return "<" + uuid_v7() + "@" + domain_of(from.address) + ">";
  refuse_line_breaks(message.message_id, "message_id");
  std::string_view id = message.message_id;
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  auto at = id.find('@');
  bool ok = !id.empty() && id.size() <= 250 && printable_ascii(id) &&
            id.find_first_of(" <>\"\\") == std::string_view::npos && at != std::string_view::npos && at > 0 &&
            at + 1 < id.size() && id.find('@', at + 1) == std::string_view::npos;
  if (!ok) throw InvalidMailMessage("message_id", "must look like <unique@domain>");
  return "<" + std::string(id) + ">";
}

void check_extra_header(const std::string& name, const std::string& value) {
  static constexpr std::array<std::string_view, 12> kOwnHeaders = {
      "From",       "To",           "Cc",     "Bcc",         "Subject",      "Date",
      "Message-ID", "MIME-Version", "Sender", "Return-Path", "Content-Type", "Content-Transfer-Encoding"};
  std::string field = "header " + name;
  refuse_line_breaks(name, field);
  refuse_line_breaks(value, field);
  bool name_ok = !name.empty() && name.size() <= 76 && std::all_of(name.begin(), name.end(), [](char c) {
    return c >= 33 && c <= 126 && c != ':';
  });
  if (!name_ok) throw InvalidMailMessage(field, "is not a header name (printable ASCII without ':')");
  for (auto own : kOwnHeaders)
    if (lower_equals(name, own) ||
        (name.size() > 8 && lower_equals(std::string_view(name).substr(0, 8), "Content-")))
      throw InvalidMailMessage(field, "is written by the message builder itself");
  if (!std::all_of(value.begin(), value.end(), [](char c) { return c == '\t' || (c >= 32 && c <= 126); }) ||
      value.size() > kExtraHeaderValueLimit)
    throw InvalidMailMessage(field, "must be printable ASCII of at most 900 characters");
}

void append_part(std::string& out, std::string_view media_type, std::string_view content) {
  out += "Content-Type: ";
  out += media_type;
  out += "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += quoted_printable_encode(content);
}

}  // namespace

std::string checked_address(std::string_view address, const std::string& field) {
  refuse_line_breaks(address, field);
  if (!schema::is_email(address)) throw InvalidMailMessage(field, "is not an e-mail address");
  return std::string(address);
}

Mailbox Mailbox::parse(std::string_view text, const std::string& field) {
  refuse_line_breaks(text, field);
  require_utf8(text, field);
  text = trim(text);
  Mailbox out;
  auto open = text.rfind('<');
  if (open == std::string_view::npos) {
    out.address = checked_address(text, field);
    return out;
  }
  if (text.back() != '>') throw InvalidMailMessage(field, "must be an address or Name <address>");
  out.address = checked_address(text.substr(open + 1, text.size() - open - 2), field);
  std::string_view name = trim(text.substr(0, open));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  out.display_name = std::string(name);
  return out;
}

std::string Mailbox::header_value() const {
  if (display_name.empty()) return address;
  if (is_atom_text(display_name)) return display_name + " <" + address + ">";
  if (printable_ascii(display_name)) {
    std::string quoted = "\"";
    for (char c : display_name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\" <" + address + ">";
  }
  return encoded_words(display_name) + " <" + address + ">";
}

std::string rfc5322_date(std::chrono::system_clock::time_point at) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[utc.tm_wday], utc.tm_mday,
                     kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

RenderedMessage render_message(const MailMessage& message, const Mailbox& from,
                               std::chrono::system_clock::time_point date) {
  RenderedMessage out;
  out.recipient = checked_address(message.to, "to");
  out.sender = checked_address(from.address, "from");
  refuse_line_breaks(from.display_name, "from");
  refuse_line_breaks(message.subject, "subject");
  require_utf8(message.subject, "subject");
  require_utf8(message.text, "text");
  if (message.html) require_utf8(*message.html, "html");
  out.message_id = checked_message_id(message, from);
  for (const auto& [name, value] : message.headers) check_extra_header(name, value);

  std::string& text = out.text;
  text += "Date: " + rfc5322_date(date) + "\r\n";
  text += "From: " + from.header_value() + "\r\n";
  text += "To: " + out.recipient + "\r\n";
  text += "Subject: " + unstructured_value(message.subject, 7) + "\r\n";
  text += "Message-ID: " + out.message_id + "\r\n";
  for (const auto& [name, value] : message.headers) text += name + ": " + value + "\r\n";
  text += "MIME-Version: 1.0\r\n";
  if (!message.html) {
    append_part(text, "text/plain", message.text);
  } else {
    // Quoted-printable never writes "=_" ('=' itself is =3D), so this boundary cannot occur in a
    // part.
    std::string boundary = "=_crest_" + uuid_v7();
    text += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    text += "--" + boundary + "\r\n";
    append_part(text, "text/plain", message.text);
    text += "\r\n--" + boundary + "\r\n";
    append_part(text, "text/html", *message.html);
    text += "\r\n--" + boundary + "--";
  }
  if (!text.ends_with("\r\n")) text += "\r\n";
  return out;
}

}  // namespace crest::mail
