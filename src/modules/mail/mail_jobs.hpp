#pragma once
// What other modules use to mail: an invitation today. The payload keeps the link sealed (only
// the worker, holding the server's secret, opens it) and is emptied once the mail is sent.
#include <boost/asio/awaitable.hpp>

#include <string>

#include "core/db/database.hpp"
#include "core/queue/queue_store.hpp"

namespace crest::modules::mail {

struct InvitationMail {
  std::string to;
  std::string subject;
  std::string sealed_accept_url;  // TextSealer(secret, "outbox")
  std::string workspace_name;
  std::string role;
  std::string expires_at;
};

class MailJobs {
 public:
  explicit MailJobs(const queue::JobDefinition& send) : send_(send) {}
  // Inside the caller's transaction; options carry the workspace and the actor.
  boost::asio::awaitable<queue::Enqueued> send_invitation(db::Session& tx, const InvitationMail& mail,
                                                          queue::EnqueueOptions options);

 private:
  const queue::JobDefinition& send_;
};

}  // namespace crest::modules::mail
