#include "shared/mail/async_mailer.hpp"

#include <functional>

namespace crest::mail {

boost::asio::awaitable<MailReceipt> AsyncMailer::send(MailMessage message) {
  MailReceipt receipt;
  // Named, not a temporary in the co_await (g++ 12 destroys such temporaries twice). It owns the
  // message and a reference to the mailer for as long as the pool thread runs it.
  std::function<void()> work = [mailer = mailer_, message = std::move(message), &receipt] {
    receipt = mailer->send(message);
  };
  co_await pool_.run(std::move(work));
  co_return receipt;
}

}  // namespace crest::mail
