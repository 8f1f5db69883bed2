#include "shared/mail/mailer.hpp"

#include "core/config/config.hpp"
#include "shared/mail/eml_file_mailer.hpp"
#include "shared/mail/smtp_mailer.hpp"

namespace crest::mail {

std::unique_ptr<Mailer> make_mailer(const Config& config) {
  Mailbox from;
  try {
    from = Mailbox::parse(config.mail_from, "CREST_MAIL_FROM");
  } catch (const InvalidMailMessage&) {
    throw ConfigError("CREST_MAIL_FROM",
                      "must be an address or Name <address>, got \"" + config.mail_from + "\"");
  }
  if (config.smtp_url.empty())
    return std::make_unique<EmlFileMailer>(std::filesystem::path(config.data_dir) / "mail", std::move(from));
  return std::make_unique<SmtpMailer>(SmtpSettings{config.smtp_url, std::move(from), config.smtp_timeout});
}

}  // namespace crest::mail
