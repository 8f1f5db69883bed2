#include "shared/mail/eml_file_mailer.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/config/config.hpp"
#include "shared/mail/message_reader.hpp"
#include "shared/mail/smtp_mailer.hpp"

namespace crest::mail {
namespace {
namespace fs = std::filesystem;

class EmlFileMailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("crest-eml-" + std::to_string(getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

  fs::path root_;
};

MailMessage invitation() {
  MailMessage message;
  message.to = "alice@example.com";
  message.subject = "Einladung: Acme ✓";
  message.text = "Hallo Alice,\nhttps://app.example.com/invitations#token=abc\n";
  return message;
}

TEST_F(EmlFileMailerTest, WritesAParseableFileWithRecipientSubjectAndBody) {
  EmlFileMailer mailer(root_ / "mail", Mailbox::parse("Crest <no-reply@crest.dev>", "from"));
  MailReceipt receipt = mailer.send(invitation());

  ASSERT_TRUE(fs::is_regular_file(receipt.eml_path));
  EXPECT_EQ(receipt.eml_path.parent_path(), root_ / "mail");
  EXPECT_EQ(receipt.eml_path.extension(), ".eml");
  ReadMessage read = read_message(slurp(receipt.eml_path));
  EXPECT_EQ(read.header("To"), "alice@example.com");
  EXPECT_EQ(read.header("From"), "Crest <no-reply@crest.dev>");
  EXPECT_EQ(read.header("Subject"), "Einladung: Acme ✓");
  EXPECT_EQ(read.header("Message-ID"), receipt.message_id);
  EXPECT_EQ(read.text, "Hallo Alice,\r\nhttps://app.example.com/invitations#token=abc\r\n");
}

TEST_F(EmlFileMailerTest, EachMailGetsItsOwnFileOnlyItsOwnerCanRead) {
  EmlFileMailer mailer(root_ / "mail", Mailbox::parse("no-reply@crest.dev", "from"));
  MailReceipt first = mailer.send(invitation());
  MailReceipt second = mailer.send(invitation());
  EXPECT_NE(first.eml_path, second.eml_path);
  EXPECT_NE(first.eml_path.filename().string().find(first.message_id.substr(1, 10)), std::string::npos)
      << first.eml_path << " " << first.message_id;
  struct stat info {};
  ASSERT_EQ(::stat(first.eml_path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((root_ / "mail").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  // Only the finished files are left: the temporary ones were renamed.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(root_ / "mail")) {
    EXPECT_EQ(entry.path().extension(), ".eml") << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 2);
}

TEST_F(EmlFileMailerTest, AnInvalidMessageWritesNothing) {
  EmlFileMailer mailer(root_ / "mail", Mailbox::parse("no-reply@crest.dev", "from"));
  MailMessage message = invitation();
  message.subject = "Hi\r\nBcc: victim@example.com";
  EXPECT_THROW(mailer.send(message), InvalidMailMessage);
  EXPECT_FALSE(fs::exists(root_ / "mail") && !fs::is_empty(root_ / "mail"));
}

TEST_F(EmlFileMailerTest, AnUnwritableDirectoryIsATemporaryError) {
  fs::create_directories(root_);
  std::ofstream(root_ / "mail") << "a file where the directory should be";
  EmlFileMailer mailer(root_ / "mail", Mailbox::parse("no-reply@crest.dev", "from"));
  EXPECT_THROW(mailer.send(invitation()), TemporaryMailError);
}

TEST(MakeMailer, WithoutAnSmtpUrlMailsGoToDataDirMail) {
  Config config = load_config({{"CREST_DATA_DIR", "/tmp/crest-data"}});
  auto mailer = make_mailer(config);
  EXPECT_NE(dynamic_cast<EmlFileMailer*>(mailer.get()), nullptr);
  EXPECT_EQ(mailer->describe(), "eml:/tmp/crest-data/mail");
}

TEST(MakeMailer, WithAnSmtpUrlItIsSmtpAndLogsNoPassword) {
  Config config = load_config({{"CREST_SMTP_URL", "smtp://mailer:s3cret@mail.example.com:587"},
                               {"CREST_MAIL_FROM", "Acme <hello@acme.com>"},
                               {"CREST_SMTP_TIMEOUT", "5s"}});
  EXPECT_EQ(config.smtp_timeout, std::chrono::seconds(5));
  auto mailer = make_mailer(config);
  EXPECT_NE(dynamic_cast<SmtpMailer*>(mailer.get()), nullptr);
  EXPECT_EQ(mailer->describe(), "smtp://mailer@mail.example.com:587");
}

TEST(MakeMailer, BadSettingsNameTheirVariable) {
  EXPECT_THROW(load_config({{"CREST_SMTP_URL", "http://mail.example.com"}}), ConfigError);
  EXPECT_THROW(load_config({{"CREST_SMTP_TIMEOUT", "soon"}}), ConfigError);
  EXPECT_THROW(load_config({{"CREST_MAIL_FROM", "nobody"}}), ConfigError);
  try {
    make_mailer(load_config({{"CREST_MAIL_FROM", "Crest <no-reply@localhost>"}}));
    FAIL() << "accepted";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.variable(), "CREST_MAIL_FROM");
  }
}

TEST(RedactedSmtpUrl, DropsOnlyThePassword) {
  EXPECT_EQ(redacted_smtp_url("smtps://u:p@h:465/ehlo.name"), "smtps://u@h:465/ehlo.name");
  EXPECT_EQ(redacted_smtp_url("smtp://u@h:25"), "smtp://u@h:25");
  EXPECT_EQ(redacted_smtp_url("smtp://h:25"), "smtp://h:25");
  EXPECT_EQ(redacted_smtp_url("smtp://u:p%40ss@h"), "smtp://u@h");
}

}  // namespace
}  // namespace crest::mail
