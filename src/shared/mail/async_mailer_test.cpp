#include "shared/mail/async_mailer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

namespace crest::mail {
namespace {
namespace asio = boost::asio;

// Records the thread it ran on; a recipient named "temporary@..." fails the way a 4xx does.
class RecordingMailer final : public Mailer {
 public:
  MailReceipt send(const MailMessage& message) override {
    sent_on = std::this_thread::get_id();
    if (message.to.starts_with("temporary@")) throw TemporaryMailError("451 try later", 451);
    return MailReceipt{"<id@crest.dev>", {}};
  }
  std::string describe() const override { return "recording"; }
  std::atomic<std::thread::id> sent_on{};
};

TEST(AsyncMailer, SendsOffTheLoopAndResumesOnTheCallersThread) {
  auto recording = std::make_shared<RecordingMailer>();
  AsyncMailer mailer(recording, 1);
  asio::io_context loop;
  std::thread::id resumed_on;
  std::string message_id;
  asio::co_spawn(
      loop,
      [&]() -> asio::awaitable<void> {
        MailMessage message{.to = "alice@example.com", .subject = "Hi", .text = "Hello"};
        MailReceipt receipt = co_await mailer.send(std::move(message));
        message_id = receipt.message_id;
        resumed_on = std::this_thread::get_id();
      },
      asio::detached);
  loop.run();
  EXPECT_EQ(message_id, "<id@crest.dev>");
  EXPECT_EQ(resumed_on, std::this_thread::get_id());
  EXPECT_NE(recording->sent_on.load(), std::this_thread::get_id());
}

TEST(AsyncMailer, TheMailersErrorReachesTheCallerWithItsType) {
  AsyncMailer mailer(std::make_shared<RecordingMailer>(), 1);
  asio::io_context loop;
  int code = 0;
  asio::co_spawn(
      loop,
      [&]() -> asio::awaitable<void> {
        MailMessage message{.to = "temporary@example.com", .subject = "Hi", .text = "Hello"};
        try {
          co_await mailer.send(std::move(message));
        } catch (const TemporaryMailError& error) {
          code = error.smtp_code();
        }
      },
      asio::detached);
  loop.run();
  EXPECT_EQ(code, 451);
}

}  // namespace
}  // namespace crest::mail
