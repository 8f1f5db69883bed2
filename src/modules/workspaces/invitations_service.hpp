#pragma once
// Inviting someone by email (the mail goes to the outbox; the queue sends it) and accepting an
// invitation. The token proves control of the address, nothing more: it creates a verified
// account for a new invitee, joins an existing verified account only with that account's own
// credentials (its bearer token or password), and takes over an account nobody verified (whoever
// registered the address first may not own it: their password and sessions end).
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>

#include "core/auth/password_hasher.hpp"
#include "core/auth/sealed_text.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"
#include "modules/auth/jwt_authenticator.hpp"
#include "modules/auth/token_service.hpp"
#include "modules/mail/mail_jobs.hpp"

namespace crest::modules::workspaces {

class InvitationsService {
 public:
  static constexpr std::chrono::hours kValidFor{24 * 7};

  InvitationsService(db::Database& database, std::shared_ptr<crest::auth::PasswordHasher> hasher,
                     std::shared_ptr<auth::TokenService> tokens, std::shared_ptr<auth::JwtAuthenticator> authenticator,
                     std::shared_ptr<crest::auth::TextSealer> outbox_sealer, std::shared_ptr<mail::MailJobs> mail_jobs,
                     std::string public_url)
      : database_(database), hasher_(std::move(hasher)), tokens_(std::move(tokens)),
        authenticator_(std::move(authenticator)), outbox_sealer_(std::move(outbox_sealer)),
        mail_jobs_(std::move(mail_jobs)), public_url_(std::move(public_url)) {}

  boost::asio::awaitable<Reply> invite(RequestContext& ctx);
  boost::asio::awaitable<Reply> accept(RequestContext& ctx);

 private:
  db::Database& database_;
  std::shared_ptr<crest::auth::PasswordHasher> hasher_;
  std::shared_ptr<auth::TokenService> tokens_;
  std::shared_ptr<auth::JwtAuthenticator> authenticator_;
  std::shared_ptr<crest::auth::TextSealer> outbox_sealer_;  // the accept link waits sealed in the mail job
  std::shared_ptr<mail::MailJobs> mail_jobs_;
  std::string public_url_;
};

}  // namespace crest::modules::workspaces
