#pragma once
// Inviting someone by email (the mail goes to the outbox; the queue sends it) and accepting an
// invitation, which creates the account when the invitee has none.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>

#include "core/auth/password_hasher.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"
#include "modules/auth/token_service.hpp"

namespace crest::modules::workspaces {

class InvitationsService {
 public:
  static constexpr std::chrono::hours kValidFor{24 * 7};

  InvitationsService(db::Database& database, std::shared_ptr<crest::auth::PasswordHasher> hasher,
                     std::shared_ptr<auth::TokenService> tokens, std::string public_url)
      : database_(database), hasher_(std::move(hasher)), tokens_(std::move(tokens)), public_url_(std::move(public_url)) {}

  boost::asio::awaitable<Reply> invite(RequestContext& ctx);
  boost::asio::awaitable<Reply> accept(RequestContext& ctx);

 private:
  db::Database& database_;
  std::shared_ptr<crest::auth::PasswordHasher> hasher_;
  std::shared_ptr<auth::TokenService> tokens_;
  std::string public_url_;
};

}  // namespace crest::modules::workspaces
