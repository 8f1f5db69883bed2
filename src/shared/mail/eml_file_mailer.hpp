#pragma once
// The embedded default: each mail becomes DIR/<UTC time>-<Message-ID>.eml (mode 0600: it may carry
// an invitation token), written to a temporary file and renamed, so a reader never sees half a
// message. A newcomer opens the invitation they just sent in any mail client.
#include <filesystem>

#include "shared/mail/mailer.hpp"

namespace crest::mail {

class EmlFileMailer final : public Mailer {
 public:
  // The directory is created (mode 0700) on the first send.
  EmlFileMailer(std::filesystem::path directory, Mailbox from);
  MailReceipt send(const MailMessage& message) override;
  std::string describe() const override;
  const std::filesystem::path& directory() const noexcept { return directory_; }

 private:
  std::filesystem::path directory_;
  Mailbox from_;
};

}  // namespace crest::mail
