#include "core/db/detail/wal_listener.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <sqlite3.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "core/db/detail/wal_index.hpp"
#include "core/db/errors.hpp"

namespace crest::db::detail {
namespace {
namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

// A commit is known for certain by the WAL-index header of a read-only connection of this
// listener's own (a read of shared memory: no lock, no system call). What tells it when to look
// is the kernel: every commit appends its frames to the -wal file with pwrite, and inotify reports
// that write, so an idle listener sleeps in epoll until something is written. The commit frame is
// written a moment before the header is rewritten, so after a write the header is glanced at
// every millisecond for a short while. Without inotify (no watch left, a filesystem that cannot
// report) it glances every few milliseconds instead.
class WalListener : public ChangeListener {
 public:
  WalListener(const asio::any_io_executor& executor, const std::string& path) : inotify_(executor) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      throw DatabaseUnavailable("cannot open SQLite database " + path + " to listen: " + sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 5000);
    // A read transaction maps the shared memory, which stays mapped while the connection is open.
    if (sqlite3_exec(db_, "BEGIN; SELECT count(*) FROM sqlite_master;", nullptr, nullptr, nullptr) == SQLITE_OK)
      attached_ = wal_.attach(db_);
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    if (!attached_) return;
    seen_ = wal_.read();
    watch(path);
  }
  ~WalListener() override {
    if (db_) sqlite3_close_v2(db_);
  }
  bool attached() const noexcept { return attached_; }

  asio::awaitable<bool> wait(std::chrono::milliseconds timeout) override {
    auto deadline = Clock::now() + timeout;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
      if (auto now = wal_.read(); now && now != seen_) {
        seen_ = now;
        co_return true;
      }
      auto now = Clock::now();
      if (now >= deadline) co_return false;
      if (!inotify_.is_open() || now < glance_until_) {
        auto step = inotify_.is_open() ? std::chrono::milliseconds(1) : std::chrono::milliseconds(5);
        timer.expires_at(std::min(deadline, now + step));
        co_await timer.async_wait(asio::use_awaitable);
        continue;
      }
      timer.expires_at(deadline);
      auto outcome = co_await (inotify_.async_wait(asio::posix::stream_descriptor::wait_read,
                                                   asio::as_tuple(asio::use_awaitable)) ||
                               timer.async_wait(asio::as_tuple(asio::use_awaitable)));
      if (outcome.index() == 1) continue;  // the deadline: one last look at the header
      if (auto [ec] = std::get<0>(outcome); ec) {
        inotify_.close();  // glance instead
        continue;
      }
      if (drain()) glance_until_ = Clock::now() + kSettle;
    }
  }

 private:
  // How long after a write to the WAL the header is watched for the commit it belongs to.
  static constexpr std::chrono::milliseconds kSettle{10};

  void watch(const std::string& path) {
    namespace fs = std::filesystem;
    fs::path file = fs::absolute(path);
    wal_name_ = file.filename().string() + "-wal";
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return;
    // The directory, not the file: the -wal file is created by the first writer and removed
    // when the last connection closes.
    if (inotify_add_watch(fd, file.parent_path().c_str(), IN_MODIFY | IN_CREATE | IN_MOVED_TO) < 0) {
      ::close(fd);
      return;
    }
    inotify_.assign(fd);
  }

  // Takes every pending event; true when one was about the -wal file.
  bool drain() {
    alignas(inotify_event) std::array<char, 4096> buffer;
    bool ours = false;
    for (;;) {
      ssize_t got = ::read(inotify_.native_handle(), buffer.data(), buffer.size());
      if (got <= 0) break;
      for (ssize_t at = 0; at < got;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
        if (event->len > 0 && wal_name_ == event->name) ours = true;
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      }
    }
    return ours;
  }

  sqlite3* db_ = nullptr;
  bool attached_ = false;
  WalIndex wal_;
  std::optional<WalIndexHeader> seen_;
  asio::posix::stream_descriptor inotify_;
  std::string wal_name_;
  Clock::time_point glance_until_{};
};

}  // namespace

std::unique_ptr<ChangeListener> open_wal_listener(const asio::any_io_executor& executor, const std::string& path) {
  auto listener = std::make_unique<WalListener>(executor, path);
  if (!listener->attached()) return nullptr;
  return listener;
}

}  // namespace crest::db::detail
