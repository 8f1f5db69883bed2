#pragma once
// A Mailer for coroutines: send() runs the blocking Mailer::send on a few threads of its own
// (BlockingPool) and resumes the caller on its own executor, so an event loop never waits on an
// SMTP server.
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <memory>

#include "core/util/blocking_pool.hpp"
#include "shared/mail/mailer.hpp"

namespace crest::mail {

class AsyncMailer {
 public:
  // `threads` bounds the SMTP conversations in flight; more sends wait their turn.
  explicit AsyncMailer(std::shared_ptr<Mailer> mailer, std::size_t threads = 2)
      : mailer_(std::move(mailer)), pool_(threads) {}

  // Throws what Mailer::send throws (PermanentMailError, TemporaryMailError ...).
  boost::asio::awaitable<MailReceipt> send(MailMessage message);
  Mailer& mailer() const noexcept { return *mailer_; }

 private:
  std::shared_ptr<Mailer> mailer_;
  BlockingPool pool_;  // last: joined (sends finished) before the mailer goes
};

}  // namespace crest::mail
