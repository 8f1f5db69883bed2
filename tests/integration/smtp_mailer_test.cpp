// SmtpMailer against a real SMTP server: the aiosmtpd one scripts/test starts
// (scripts/lib/smtp_server.py; CREST_TEST_SMTP_URL and CREST_TEST_SMTP_MAILDIR, skipped without
// them), and two servers the test makes itself: a closed port and one that never speaks.
#include "shared/mail/smtp_mailer.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/config/config.hpp"
#include "core/util/uuid.hpp"
#include "shared/mail/async_mailer.hpp"
#include "shared/mail/message_reader.hpp"
#include "support/loopback_socket.hpp"

namespace crest::mail {
namespace {
namespace fs = std::filesystem;
namespace json = boost::json;
namespace asio = boost::asio;
using namespace std::chrono_literals;

const Mailbox kFrom = Mailbox::parse("Crest <no-reply@crest.dev>", "from");

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

using crest::testing::LoopbackSocket;

// What the server saved for one recipient: its envelope and the message as received.
struct Delivery {
  json::object envelope;
  std::string message;
};

class SmtpMailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = env("CREST_TEST_SMTP_URL");
    maildir_ = env("CREST_TEST_SMTP_MAILDIR");
    if (url_.empty() || maildir_.empty())
      GTEST_SKIP() << "CREST_TEST_SMTP_URL / CREST_TEST_SMTP_MAILDIR are not "
                      "set (./scripts/test starts an "
                      "aiosmtpd server and sets them)";
    // Tests run in parallel against one server: each writes to a recipient of its own.
    recipient_ = "alice+" + uuid_v7() + "@example.com";
  }

  SmtpMailer mailer(std::string url, std::chrono::milliseconds timeout = 10s) const {
    return SmtpMailer(SmtpSettings{std::move(url), kFrom, timeout});
  }

  // The server writes its files before it answers DATA, so they are there when send() returns.
  std::optional<Delivery> delivery_to(const std::string& recipient) const {
    for (const auto& entry : fs::directory_iterator(maildir_)) {
      if (entry.path().extension() != ".json") continue;
      json::object envelope = json::parse(slurp(entry.path())).as_object();
      for (const auto& to : envelope["rcpt_tos"].as_array())
        if (to.as_string() == recipient) {
          fs::path eml = entry.path();
          eml.replace_extension(".eml");
          return Delivery{envelope, slurp(eml)};
        }
    }
    return std::nullopt;
  }

  MailMessage invitation(std::string to) const {
    MailMessage message;
    message.to = std::move(to);
    message.subject = "Einladung zu Acme — join ✓";
    message.text =
        "Hello,\n\njoin Acme: "
        "https://app.example.com/invitations#token=abc123\n.\nA "
        "line that is only a dot "
        "stays one (curl dot-stuffs it).\n";
    message.message_id = "<invitation-" + uuid_v7() + "@crest.dev>";
    return message;
  }

  std::string with_credentials(const std::string& user, const std::string& password) const {
    return "smtp://" + user + ":" + password + "@" + url_.substr(std::string("smtp://").size());
  }

  std::string url_, maildir_, recipient_;
};

TEST_F(SmtpMailerTest, Delivery_TheServerHasTheRecipientSubjectBodyAndLink) {
  MailMessage message = invitation(recipient_);
  MailReceipt receipt = mailer(url_).send(message);
  EXPECT_EQ(receipt.message_id, message.message_id);
  EXPECT_TRUE(receipt.eml_path.empty());

  auto delivery = delivery_to(recipient_);
  ASSERT_TRUE(delivery) << "nothing arrived for " << recipient_;
  EXPECT_EQ(delivery->envelope["mail_from"].as_string(), "no-reply@crest.dev");
  EXPECT_EQ(delivery->envelope["auth"].as_bool(), false);
  ReadMessage read = read_message(delivery->message);
  EXPECT_EQ(read.header("To"), recipient_);
  EXPECT_EQ(read.header("Subject"), message.subject);
  EXPECT_EQ(read.header("Message-ID"), message.message_id);
  EXPECT_EQ(read.text,
            "Hello,\r\n\r\njoin Acme: "
            "https://app.example.com/"
            "invitations#token=abc123\r\n.\r\nA line that is only a "
            "dot stays one (curl dot-stuffs it).\r\n");
}

TEST_F(SmtpMailerTest, Delivery_WithUserAndPasswordInTheUrlAuthenticates) {
  mailer(with_credentials("crest", "crest-test-password")).send(invitation(recipient_));
  auto delivery = delivery_to(recipient_);
  ASSERT_TRUE(delivery);
  EXPECT_EQ(delivery->envelope["auth"].as_bool(), true);
}

TEST_F(SmtpMailerTest, WrongPassword_535IsPermanent) {
  try {
    mailer(with_credentials("crest", "wrong")).send(invitation(recipient_));
    FAIL() << "sent";
  } catch (const PermanentMailError& error) {
    EXPECT_EQ(error.smtp_code(), 535) << error.what();
    EXPECT_EQ(std::string(error.what()).find("wrong"), std::string::npos)
        << "the password leaked: " << error.what();
  }
  EXPECT_FALSE(delivery_to(recipient_));
}

TEST_F(SmtpMailerTest, MailboxRejected_550IsPermanent) {
  try {
    mailer(url_).send(invitation("reject-permanent@example.com"));
    FAIL() << "sent";
  } catch (const PermanentMailError& error) {
    EXPECT_EQ(error.smtp_code(), 550) << error.what();
  }
}

TEST_F(SmtpMailerTest, TryAgainLater_451IsTemporary) {
  try {
    mailer(url_).send(invitation("reject-temporary@example.com"));
    FAIL() << "sent";
  } catch (const TemporaryMailError& error) {
    EXPECT_EQ(error.smtp_code(), 451) << error.what();
  }
}

TEST_F(SmtpMailerTest, MakeMailerAndAsyncMailer_DeliverFromACoroutine) {
  Config config =
      load_config({{"CREST_SMTP_URL", url_}, {"CREST_MAIL_FROM", "Acme <hello@acme.example.com>"}});
  AsyncMailer async(make_mailer(config), 1);
  asio::io_context loop;
  std::string message_id;
  asio::co_spawn(
      loop,
      [&]() -> asio::awaitable<void> {
        MailMessage message = invitation(recipient_);
        MailReceipt receipt = co_await async.send(std::move(message));
        message_id = receipt.message_id;
      },
      asio::detached);
  loop.run();
  auto delivery = delivery_to(recipient_);
  ASSERT_TRUE(delivery);
  EXPECT_EQ(delivery->envelope["mail_from"].as_string(), "hello@acme.example.com");
  EXPECT_EQ(read_message(delivery->message).header("Message-ID"), message_id);
}

// These two need no SMTP server of ours.
TEST(SmtpMailerFailures, ConnectionRefusedIsTemporary) {
  LoopbackSocket closed(false);
  std::string url = closed.url("smtp");
  closed.close();
  SmtpMailer mailer(SmtpSettings{url, kFrom, 5s});
  MailMessage message{.to = "alice@example.com", .subject = "Hi", .text = "Hello"};
  try {
    mailer.send(message);
    FAIL() << "sent";
  } catch (const TemporaryMailError& error) {
    EXPECT_EQ(error.smtp_code(), 0) << error.what();
  }
}

TEST(SmtpMailerFailures, AServerThatNeverSpeaksIsATemporaryTimeout) {
  LoopbackSocket silent(true);
  SmtpMailer mailer(SmtpSettings{silent.url("smtp"), kFrom, 1s});
  MailMessage message{.to = "alice@example.com", .subject = "Hi", .text = "Hello"};
  EXPECT_THROW(mailer.send(message), TemporaryMailError);
}

}  // namespace
}  // namespace crest::mail
