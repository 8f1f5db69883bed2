#pragma once
// Write transactions that SQLite commits together. The writer connection holds one open
// transaction while it passes from one queued transaction to the next; each runs as a savepoint
// of it, and those that succeeded wait here for the one COMMIT that makes them all durable (or for
// the failure that undid them all). Internal to the SQLite engine (includes Asio).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

namespace crest::db::detail {

class CommitGroup {
 public:
  explicit CommitGroup(std::chrono::nanoseconds opened_at) : opened_at_(opened_at) {}

  // Only the writer's holder calls these two (the hand-over orders them).
  int members() const noexcept { return members_; }
  void add_member() noexcept { ++members_; }
  std::chrono::nanoseconds opened_at() const noexcept { return opened_at_; }

  // A member's place in the queue for the outcome: taken before the writer is passed on, since
  // from then on the group may finish on another thread at any moment.
  using Ticket = std::shared_ptr<boost::asio::steady_timer>;
  Ticket enlist(boost::asio::any_io_executor executor) {
    auto ticket = std::make_shared<boost::asio::steady_timer>(std::move(executor));
    std::lock_guard lock(mutex_);
    if (!done_) waiting_.push_back(ticket);
    return ticket;
  }

  // Until finish(); rethrows what undid the group. The wake-up is a cancel posted to the member's
  // executor; the wait also looks again every 50 ms, so a wake-up that raced ahead is never lost.
  boost::asio::awaitable<void> wait(Ticket ticket) {
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (done_) {
          if (failure_) std::rethrow_exception(failure_);
          co_return;
        }
      }
      ticket->expires_after(std::chrono::milliseconds(50));
      co_await ticket->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
  }

  // The COMMIT ran (null) or failed; every member waiting hears it.
  void finish(std::exception_ptr failure) {
    std::vector<Ticket> waiting;
    {
      std::lock_guard lock(mutex_);
      done_ = true;
      failure_ = std::move(failure);
      waiting.swap(waiting_);
    }
    for (auto& ticket : waiting) boost::asio::post(ticket->get_executor(), [ticket] { ticket->cancel(); });
  }

 private:
  const std::chrono::nanoseconds opened_at_;
  int members_ = 0;
  std::mutex mutex_;
  bool done_ = false;
  std::exception_ptr failure_;
  std::vector<Ticket> waiting_;
};

}  // namespace crest::db::detail
