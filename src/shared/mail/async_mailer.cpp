#include "shared/mail/async_mailer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace crest::mail {
namespace asio = boost::asio;

namespace {
// A free coroutine with by-value parameters: its frame owns what the pool thread uses.
asio::awaitable<MailReceipt> send_task(std::shared_ptr<Mailer> mailer, MailMessage message) {
  co_return mailer->send(message);
}
}  // namespace

struct AsyncMailer::Impl {
  Impl(std::shared_ptr<Mailer> m, std::size_t threads) : mailer(std::move(m)), pool(threads ? threads : 1) {}
  ~Impl() { pool.join(); }
  std::shared_ptr<Mailer> mailer;
  asio::thread_pool pool;
};

AsyncMailer::AsyncMailer(std::shared_ptr<Mailer> mailer, std::size_t threads)
    : impl_(std::make_unique<Impl>(std::move(mailer), threads)) {}
AsyncMailer::~AsyncMailer() = default;

asio::awaitable<MailReceipt> AsyncMailer::send(MailMessage message) {
  auto work = send_task(impl_->mailer, std::move(message));
  MailReceipt receipt = co_await asio::co_spawn(impl_->pool, std::move(work), asio::use_awaitable);
  co_return receipt;
}

Mailer& AsyncMailer::mailer() const noexcept { return *impl_->mailer; }

}  // namespace crest::mail
