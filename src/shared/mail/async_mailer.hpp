#pragma once
// A Mailer for coroutines: send() runs the blocking Mailer::send on a few threads of its own and
// resumes the caller on its own executor, so an event loop never waits on an SMTP server.
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <memory>

#include "shared/mail/mailer.hpp"

namespace crest::mail {

class AsyncMailer {
 public:
  // `threads` bounds the SMTP conversations in flight; more sends wait their turn.
  explicit AsyncMailer(std::shared_ptr<Mailer> mailer, std::size_t threads = 2);
  ~AsyncMailer();  // waits for the sends already started
  AsyncMailer(const AsyncMailer&) = delete;
  AsyncMailer& operator=(const AsyncMailer&) = delete;

  // Throws what Mailer::send throws (PermanentMailError, TemporaryMailError ...).
  boost::asio::awaitable<MailReceipt> send(MailMessage message);
  Mailer& mailer() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crest::mail
