#pragma once
// Mail over SMTP with libcurl: smtp:// (STARTTLS when the server offers it) or smtps:// (TLS from
// the first byte), user and password from the URL. One connection per mail. Blocking: run it off
// the event loop (a worker job handler, or AsyncMailer).
#include <chrono>
#include <string>

#include "shared/mail/mailer.hpp"

namespace crest::mail {

struct SmtpSettings {
  std::string url;  // smtp://user:pass@host:port or smtps://...; a path is the EHLO name
  Mailbox from;
  std::chrono::milliseconds timeout{30'000};  // to connect, and for the whole conversation
};

class SmtpMailer final : public Mailer {
 public:
  // Throws std::invalid_argument when the URL is not smtp:// or smtps://.
  explicit SmtpMailer(SmtpSettings settings);
  // Reply 5xx: PermanentMailError; 4xx, refused, DNS, TLS, timeout: TemporaryMailError.
  MailReceipt send(const MailMessage& message) override;
  std::string describe() const override;

 private:
  SmtpSettings settings_;
};

// The URL without its password, for logs: "smtp://user@host:587".
std::string redacted_smtp_url(const std::string& url);

}  // namespace crest::mail
