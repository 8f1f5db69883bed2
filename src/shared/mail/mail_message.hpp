#pragma once
// A mail as the application describes it, and the RFC 5322 message made of it: headers checked (no
// CR, LF or NUL anywhere: header injection is refused), the subject RFC 2047-encoded when it is not
// plain ASCII, bodies quoted-printable UTF-8, CRLF line ends.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crest::mail {

// Every member has an initializer, so MailMessage{.to = ..., .subject = ..., .text = ...} is whole.
struct MailMessage {
  std::string to{};                   // one address: "alice@example.com"
  std::string subject{};              // UTF-8
  std::string text{};                 // the plain-text body, UTF-8; LF or CRLF line ends
  std::optional<std::string> html{};  // set: multipart/alternative with the text as the first part
  // "<id@domain>" (angle brackets optional). Empty: one is made from a UUIDv7 and the sender's
  // domain. A retrying caller should set it (from the job id) so every attempt carries the same.
  std::string message_id{};
  // More headers ("Reply-To", "Auto-Submitted", "X-Crest-Job"); printable ASCII. The headers the
  // builder writes itself (From, To, Subject, Date, Message-ID, MIME-Version, Content-*) and
  // Cc/Bcc/Sender are refused here.
  std::vector<std::pair<std::string, std::string>> headers{};
};

// "Crest <no-reply@crest.dev>" or "no-reply@crest.dev".
struct Mailbox {
  std::string display_name;  // may be empty; UTF-8
  std::string address;       // what the SMTP envelope carries

  // Throws InvalidMailMessage(field, ...) for CR/LF/NUL, a missing or malformed address.
  static Mailbox parse(std::string_view text, const std::string& field);
  // For a From header: the name quoted or encoded as needed, then <address>.
  std::string header_value() const;
};

// The address alone, checked as the API's email() format checks it; throws InvalidMailMessage.
std::string checked_address(std::string_view address, const std::string& field);

struct RenderedMessage {
  std::string recipient;   // envelope RCPT TO
  std::string sender;      // envelope MAIL FROM
  std::string message_id;  // "<...@...>", as in the header
  std::string text;        // the whole message, CRLF line ends, ending in CRLF
};

// Validates `message` and builds the message text; throws InvalidMailMessage.
RenderedMessage render_message(const MailMessage& message, const Mailbox& from,
                               std::chrono::system_clock::time_point date = std::chrono::system_clock::now());

// "Tue, 01 Dec 2026 09:30:00 +0000" (RFC 5322 3.3, in UTC, English names whatever the locale).
std::string rfc5322_date(std::chrono::system_clock::time_point at);

}  // namespace crest::mail
