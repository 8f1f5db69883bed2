#include "shared/mail/mail_message.hpp"

#include <gtest/gtest.h>

#include "shared/mail/mail_errors.hpp"
#include "shared/mail/message_reader.hpp"

namespace crest::mail {
namespace {

const Mailbox kFrom = Mailbox::parse("Crest <no-reply@crest.dev>", "from");

MailMessage invitation() {
  MailMessage message;
  message.to = "alice@example.com";
  message.subject = "You are invited to Acme";
  message.text = "Hello Alice,\nopen https://app.example.com/accept#token=abc to join.\n";
  return message;
}

std::string invalid_field(const MailMessage& message, const Mailbox& from = kFrom) {
  try {
    render_message(message, from);
  } catch (const InvalidMailMessage& error) {
    return error.field();
  }
  return "(accepted)";
}

TEST(MailMessage, HeadersAreThereAndEveryLineEndsInCrlf) {
  auto date = std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + std::chrono::hours{9} +
              std::chrono::minutes{30};
  RenderedMessage rendered = render_message(invitation(), kFrom, date);
  const std::string& text = rendered.text;
  EXPECT_TRUE(text.starts_with("Date: Tue, 01 Dec 2026 09:30:00 +0000\r\n")) << text;
  EXPECT_NE(text.find("\r\nFrom: Crest <no-reply@crest.dev>\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nTo: alice@example.com\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nSubject: You are invited to Acme\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nMIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nContent-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nContent-Transfer-Encoding: quoted-printable\r\n"), std::string::npos);
  EXPECT_TRUE(text.ends_with("\r\n"));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      EXPECT_EQ(text[i - 1], '\r') << "bare LF at " << i;
    }
    if (text[i] == '\r') {
      EXPECT_EQ(text[i + 1], '\n') << "bare CR at " << i;
    }
  }
  EXPECT_EQ(rendered.recipient, "alice@example.com");
  EXPECT_EQ(rendered.sender, "no-reply@crest.dev");
}

TEST(MailMessage, MessageIdIsMadeWhenAbsentAndKeptWhenGiven) {
  RenderedMessage made = render_message(invitation(), kFrom);
  EXPECT_TRUE(made.message_id.starts_with("<") && made.message_id.ends_with("@crest.dev>"))
      << made.message_id;
  EXPECT_EQ(read_message(made.text).header("Message-ID"), made.message_id);

  MailMessage given = invitation();
  given.message_id = "job-0193a1b2@crest.dev";
  RenderedMessage kept = render_message(given, kFrom);
  EXPECT_EQ(kept.message_id, "<job-0193a1b2@crest.dev>");
  EXPECT_EQ(read_message(kept.text).header("message-id"), "<job-0193a1b2@crest.dev>");
}

TEST(MailMessage, NonAsciiSubjectIsAnEncodedWordThatDecodesBack) {
  MailMessage message = invitation();
  message.subject =
      "Einladung für Jürgen ✓ — rejoignez l'équipe « Acme » "
      "aujourd'hui même, s'il vous plaît";
  RenderedMessage rendered = render_message(message, kFrom);
  EXPECT_NE(rendered.text.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_EQ(read_message(rendered.text).header("Subject"), message.subject);
}

TEST(MailMessage, LongAsciiSubjectIsFoldedAndUnfoldsToTheSame) {
  MailMessage message = invitation();
  message.subject =
      "A rather long subject line that goes on and on, well past "
      "the seventy-eight characters";
  RenderedMessage rendered = render_message(message, kFrom);
  EXPECT_EQ(rendered.text.find("=?UTF-8?"), std::string::npos);
  auto start = rendered.text.find("Subject: ");
  auto end = rendered.text.find("\r\nMessage-ID");
  EXPECT_NE(rendered.text.substr(start, end - start).find("\r\n "), std::string::npos);
  EXPECT_EQ(read_message(rendered.text).header("Subject"), message.subject);
}

TEST(MailMessage, Utf8BodyRoundTripsThroughQuotedPrintable) {
  MailMessage message = invitation();
  message.text =
      "Hallo Jürgen,\n\nbitte klicke: "
      "https://app.example.com/a?b=c#token=xyz\n.\nlast line with "
      "trailing space \n";
  ReadMessage read = read_message(render_message(message, kFrom).text);
  EXPECT_EQ(read.text,
            "Hallo Jürgen,\r\n\r\nbitte klicke: "
            "https://app.example.com/a?b=c#token=xyz\r\n.\r\nlast "
            "line with trailing space \r\n");
}

TEST(MailMessage, HtmlMakesAMultipartAlternativeWithBothBodies) {
  MailMessage message = invitation();
  message.html =
      "<p>Hello <b>Alice</b> — join <a "
      "href=\"https://app.example.com/\">Acme</a></p>";
  RenderedMessage rendered = render_message(message, kFrom);
  EXPECT_NE(rendered.text.find("Content-Type: multipart/alternative; boundary=\"=_crest_"),
            std::string::npos);
  ReadMessage read = read_message(rendered.text);
  EXPECT_EQ(read.text,
            "Hello Alice,\r\nopen "
            "https://app.example.com/accept#token=abc to join.\r\n");
  ASSERT_TRUE(read.html.has_value());
  EXPECT_EQ(*read.html, *message.html);
}

TEST(MailMessage, LineBreaksOrNulInAnyHeaderValueAreRefused) {
  const std::vector<std::string> injections = {"\r\nBcc: victim@example.com", "\nBcc: victim@example.com",
                                               "\r", std::string("a\0b", 3)};
  for (const std::string& evil : injections) {
    MailMessage to = invitation();
    to.to = "alice@example.com" + evil;
    EXPECT_EQ(invalid_field(to), "to");
    MailMessage subject = invitation();
    subject.subject = "Hello" + evil;
    EXPECT_EQ(invalid_field(subject), "subject");
    MailMessage id = invitation();
    id.message_id = "<a@b.c>" + evil;
    EXPECT_EQ(invalid_field(id), "message_id");
    MailMessage header = invitation();
    header.headers = {{"Reply-To", "x@example.com" + evil}};
    EXPECT_EQ(invalid_field(header), "header Reply-To");
    EXPECT_THROW(Mailbox::parse("Crest <no-reply@crest.dev>" + evil, "from"), InvalidMailMessage);
    Mailbox from = kFrom;
    from.display_name += evil;
    EXPECT_EQ(invalid_field(invitation(), from), "from");
  }
}

TEST(MailMessage, AddressesAreCheckedLikeTheApiChecksThem) {
  for (const char* bad : {"", "alice", "alice@", "@example.com", "alice@example", "alice example@x.com",
                          "<alice@example.com>", "alice@example.com, bob@example.com"}) {
    MailMessage message = invitation();
    message.to = bad;
    EXPECT_EQ(invalid_field(message), "to") << bad;
  }
  EXPECT_THROW(Mailbox::parse("Crest <not an address>", "from"), InvalidMailMessage);
}

TEST(MailMessage, InvalidMessagesArePermanentErrors) {
  MailMessage message = invitation();
  message.to = "nobody";
  EXPECT_THROW(render_message(message, kFrom), PermanentMailError);
}

TEST(MailMessage, TextThatIsNotUtf8IsRefused) {
  MailMessage message = invitation();
  message.subject = "caf\xE9";
  EXPECT_EQ(invalid_field(message), "subject");
  message = invitation();
  message.text = "caf\xE9";
  EXPECT_EQ(invalid_field(message), "text");
}

TEST(MailMessage, ExtraHeadersCannotReplaceTheBuildersOwn) {
  for (const char* name : {"From", "to", "BCC", "Subject", "Message-Id", "Content-Type",
                           "Content-Disposition", "Bad Name", "X:Y"}) {
    MailMessage message = invitation();
    message.headers = {{name, "x"}};
    EXPECT_EQ(invalid_field(message), std::string("header ") + name);
  }
  MailMessage message = invitation();
  message.headers = {{"Auto-Submitted", "auto-generated"}, {"X-Crest-Job", "0193a1b2"}};
  ReadMessage read = read_message(render_message(message, kFrom).text);
  EXPECT_EQ(read.header("Auto-Submitted"), "auto-generated");
  EXPECT_EQ(read.header("X-Crest-Job"), "0193a1b2");
}

TEST(Mailbox, DisplayNamesAreQuotedOrEncodedAsNeeded) {
  EXPECT_EQ(Mailbox::parse("no-reply@crest.dev", "from").header_value(), "no-reply@crest.dev");
  EXPECT_EQ(Mailbox::parse("\"Acme, Inc.\" <a@acme.com>", "from").header_value(),
            "\"Acme, Inc.\" <a@acme.com>");
  std::string encoded = Mailbox::parse("Jürgen <j@acme.com>", "from").header_value();
  EXPECT_TRUE(encoded.starts_with("=?UTF-8?B?")) << encoded;
  EXPECT_EQ(Mailbox::parse("Jürgen <j@acme.com>", "from").address, "j@acme.com");
}

}  // namespace
}  // namespace crest::mail
