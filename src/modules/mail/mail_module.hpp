#pragma once
// Mail, sent by `crest worker` as the job "mail.send": SMTP when CREST_SMTP_URL is set, .eml files
// under CREST_DATA_DIR/mail otherwise (src/shared/mail). A module that mails enqueues the job in
// its own transaction (MailJobs::send), so a rolled-back request sends nothing and a committed
// one always mails: the transactional outbox, with retries.
#include "core/module.hpp"

namespace crest::modules {

class MailModule : public Module {
 public:
  std::string_view name() const override { return "mail"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
