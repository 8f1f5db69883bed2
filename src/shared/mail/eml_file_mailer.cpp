#include "shared/mail/eml_file_mailer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "core/util/uuid.hpp"

namespace crest::mail {

namespace fs = std::filesystem;

namespace {

// "20261201T093000.123Z": sorts by time, and means the same in every time zone.
std::string file_time(std::chrono::system_clock::time_point at) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count() % 1000;
  std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

// The Message-ID without brackets, reduced to characters every file system takes.
std::string file_safe(std::string_view message_id) {
  std::string out;
  for (char c : message_id) {
    if (c == '<' || c == '>') continue;
    bool safe = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '@';
    out += safe ? c : '_';
    if (out.size() == 100) break;
  }
  return out;
}

[[noreturn]] void fail(const std::string& what, const fs::path& path, int error) {
  throw TemporaryMailError(what + " " + path.string() + ": " + std::strerror(error));
}

void write_file(const fs::path& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create", path, errno);
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      ::unlink(path.c_str());
      fail("cannot write", path, error);
    }
    written += static_cast<std::size_t>(n);
  }
  // Durable before it gets its name: a crash leaves a whole file or none.
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int error = errno;
    ::unlink(path.c_str());
    fail("cannot write", path, error);
  }
}

}  // namespace

EmlFileMailer::EmlFileMailer(fs::path directory, Mailbox from)
    : directory_(std::move(directory)), from_(std::move(from)) {}

MailReceipt EmlFileMailer::send(const MailMessage& message) {
  auto now = std::chrono::system_clock::now();
  RenderedMessage rendered = render_message(message, from_, now);
  std::error_code error;
  if (fs::create_directories(directory_, error))
    fs::permissions(directory_, fs::perms::owner_all, fs::perm_options::replace, error);
  if (error) throw TemporaryMailError("cannot create " + directory_.string() + ": " + error.message());

  fs::path target = directory_ / (file_time(now) + "-" + file_safe(rendered.message_id) + ".eml");
  fs::path temporary = directory_ / ("." + uuid_v7() + ".tmp");
  write_file(temporary, rendered.text);
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    int rename_error = errno;
    ::unlink(temporary.c_str());
    fail("cannot rename to", target, rename_error);
  }
  return MailReceipt{rendered.message_id, target};
}

std::string EmlFileMailer::describe() const { return "eml:" + directory_.string(); }

}  // namespace crest::mail
