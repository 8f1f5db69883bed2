#pragma once
// Sending a mail, whatever carries it: SMTP (SmtpMailer) or an .eml file on disk (EmlFileMailer,
// the embedded default). send() blocks until the mail is handed over; call it from a worker job
// handler off the event loop, or through AsyncMailer from a coroutine.
#include <filesystem>
#include <memory>
#include <string>

#include "shared/mail/mail_errors.hpp"
#include "shared/mail/mail_message.hpp"

namespace crest {
struct Config;
}

namespace crest::mail {

struct MailReceipt {
  std::string message_id;          // "<...@...>", as the message carries it
  std::filesystem::path eml_path;  // the file written (EmlFileMailer); empty over SMTP
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Builds and hands over one message. Throws InvalidMailMessage (a PermanentMailError) for a
  // message that cannot be built, PermanentMailError when the server refused it for good,
  // TemporaryMailError when another try later may succeed. Safe to call from several threads.
  virtual MailReceipt send(const MailMessage& message) = 0;
  // "smtp://mail.example.com:587" (no password) or "eml:var/mail", for logs.
  virtual std::string describe() const = 0;
};

// CREST_SMTP_URL set: an SmtpMailer; unset: an EmlFileMailer under CREST_DATA_DIR/mail. Throws
// ConfigError when CREST_MAIL_FROM is not an address.
std::unique_ptr<Mailer> make_mailer(const Config& config);

}  // namespace crest::mail
