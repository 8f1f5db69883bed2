#pragma once
// What can go wrong sending a mail, split the way a retrying caller (the mail job) needs it:
// PermanentMailError fails the job at once, TemporaryMailError retries it on its backoff.
#include <stdexcept>
#include <string>

namespace crest::mail {

class MailError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The server refused for good (an SMTP 5xx reply: unknown mailbox, relay denied, bad login), or the
// message can never be sent (InvalidMailMessage). Retrying gives the same answer.
class PermanentMailError : public MailError {
 public:
  explicit PermanentMailError(std::string message, int smtp_code = 0)
      : MailError(std::move(message)), smtp_code_(smtp_code) {}
  // The SMTP reply code (550, 535 ...); 0 when no server answered that way.
  int smtp_code() const noexcept { return smtp_code_; }

 private:
  int smtp_code_;
};

// Worth another try later: an SMTP 4xx reply, connection refused, DNS, TLS, a timeout, a disk that
// could not take the .eml file.
class TemporaryMailError : public MailError {
 public:
  explicit TemporaryMailError(std::string message, int smtp_code = 0)
      : MailError(std::move(message)), smtp_code_(smtp_code) {}
  int smtp_code() const noexcept { return smtp_code_; }

 private:
  int smtp_code_;
};

// A message that must not be built: CR, LF or NUL in a header value (header injection), an address
// that is not one, text that is not UTF-8. Permanent: the same input fails again.
class InvalidMailMessage : public PermanentMailError {
 public:
  InvalidMailMessage(std::string field, const std::string& reason)
      : PermanentMailError(field + " " + reason), field_(std::move(field)) {}
  // "to", "subject", "from", "text", "html", "message_id", "header X-Name".
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

}  // namespace crest::mail
