#pragma once
// An async connection pool: acquire() waits up to the acquire timeout for a free connection,
// then fails with DatabaseUnavailable (503). A connection reporting !healthy() on release is
// dropped and its slot reopened. Internal to the engines (includes Asio).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/db/errors.hpp"

namespace crest::db::detail {

template <class Connection>
class Pool : public std::enable_shared_from_this<Pool<Connection>> {
 public:
  using Factory = std::function<boost::asio::awaitable<std::unique_ptr<Connection>>()>;

  // Hands the connection back on destruction; call discard() for a broken one.
  class Lease {
   public:
    Lease(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> connection)
        : pool_(std::move(pool)), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease() {
      if (pool_ && connection_) pool_->release(std::move(connection_), healthy_);
    }
    Connection& operator*() const noexcept { return *connection_; }
    Connection* operator->() const noexcept { return connection_.get(); }
    void discard() noexcept { healthy_ = false; }
    // Hands the connection straight to the longest waiter, if there is one, and empties the
    // lease (SQLite's group commit passes its open transaction on this way); false, and the
    // lease keeps the connection, when nobody waits.
    bool pass_to_waiter() {
      if (!pool_ || !connection_ || !healthy_ || !pool_->hand_to_waiter(connection_)) return false;
      pool_.reset();
      return true;
    }

   private:
    std::shared_ptr<Pool> pool_;
    std::unique_ptr<Connection> connection_;
    bool healthy_ = true;
  };

  Pool(int max_connections, std::chrono::milliseconds acquire_timeout, Factory factory)
      : max_(max_connections), timeout_(acquire_timeout), factory_(std::move(factory)) {}

  // For work that never suspends while it holds the connection (SQLite's inline reads): an idle
  // connection or null, handed back with give_back(). No lease, no shared_ptr traffic.
  std::unique_ptr<Connection> try_take() {
    std::lock_guard lock(mutex_);
    if (closed_ || idle_.empty()) return nullptr;
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  void give_back(std::unique_ptr<Connection> connection) { release(std::move(connection), true); }

  // An idle connection right now, without suspending (the hot path), or nothing.
  std::optional<Lease> try_acquire() {
    std::lock_guard lock(mutex_);
    if (closed_ || idle_.empty()) return std::nullopt;
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this->shared_from_this(), std::move(connection));
  }

  boost::asio::awaitable<Lease> acquire() {
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    auto executor = co_await boost::asio::this_coro::executor;
    for (;;) {
      std::shared_ptr<Waiter> waiter;
      bool create = false;
      {
        std::lock_guard lock(mutex_);
        if (closed_) throw DatabaseUnavailable("The database connection pool is closed");
        if (!idle_.empty()) {
          auto connection = std::move(idle_.back());
          idle_.pop_back();
          co_return Lease(this->shared_from_this(), std::move(connection));
        }
        if (total_ < max_) {
          ++total_;
          create = true;
        } else {
          waiter = std::make_shared<Waiter>(executor);
          waiters_.push_back(waiter);
        }
      }
      if (create) {
        std::unique_ptr<Connection> connection;
        std::exception_ptr failure;
        try {
          connection = co_await factory_();
        } catch (...) {
          failure = std::current_exception();
        }
        if (failure) {
          forget_one();
          std::rethrow_exception(failure);
        }
        co_return Lease(this->shared_from_this(), std::move(connection));
      }
      waiter->timer.expires_at(deadline);
      co_await waiter->timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
      std::lock_guard lock(mutex_);
      if (waiter->connection) co_return Lease(this->shared_from_this(), std::move(waiter->connection));
      std::erase(waiters_, waiter);
      if (!waiter->retry && std::chrono::steady_clock::now() >= deadline)
        throw DatabaseUnavailable("No database connection became free within " +
                                  std::to_string(timeout_.count()) + " ms");
    }
  }

  // Drops the idle connections; connections still leased are closed when they come back. Call it
  // before the event loop the connections are registered with goes away.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    total_ -= static_cast<int>(idle_.size());
    idle_.clear();
  }

  // Adds a connection made outside the pool (SQLite's first writer).
  void adopt(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    ++total_;
    idle_.push_back(std::move(connection));
  }

  // Opens connections until `count` exist (the pool's minimum), then leaves them idle.
  boost::asio::awaitable<void> warm_up(int count) {
    std::vector<Lease> held;
    while (static_cast<int>(held.size()) < count && total() < count) held.push_back(co_await acquire());
  }

  // Calls f(connection) for each idle connection, under the pool's lock (keep f short).
  template <class F>
  void for_each_idle(F&& f) {
    std::lock_guard lock(mutex_);
    for (auto& connection : idle_) f(*connection);
  }

  std::size_t idle_count() const {
    std::lock_guard lock(mutex_);
    return idle_.size();
  }
  int total() const {
    std::lock_guard lock(mutex_);
    return total_;
  }

 private:
  struct Waiter {
    explicit Waiter(boost::asio::any_io_executor executor) : timer(std::move(executor)) {}
    boost::asio::steady_timer timer;
    std::unique_ptr<Connection> connection;
    bool retry = false;  // a slot opened up (a broken connection was dropped): try to create
  };

  void wake(const std::shared_ptr<Waiter>& waiter) {
    boost::asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
  }

  void release(std::unique_ptr<Connection> connection, bool healthy) {
    std::lock_guard lock(mutex_);
    if (closed_) {
      connection.reset();
      --total_;
      return;
    }
    if (!healthy || !connection->healthy()) {
      connection.reset();
      --total_;
      if (!waiters_.empty()) {
        auto waiter = waiters_.front();
        waiters_.pop_front();
        waiter->retry = true;
        wake(waiter);
      }
      return;
    }
    if (!waiters_.empty()) {
      auto waiter = waiters_.front();
      waiters_.pop_front();
      waiter->connection = std::move(connection);
      wake(waiter);
      return;
    }
    idle_.push_back(std::move(connection));
  }

  bool hand_to_waiter(std::unique_ptr<Connection>& connection) {
    std::lock_guard lock(mutex_);
    if (closed_ || waiters_.empty()) return false;
    auto waiter = waiters_.front();
    waiters_.pop_front();
    waiter->connection = std::move(connection);
    wake(waiter);
    return true;
  }

  void forget_one() {
    std::lock_guard lock(mutex_);
    --total_;
  }

  const int max_;
  const std::chrono::milliseconds timeout_;
  Factory factory_;
  mutable std::mutex mutex_;
  int total_ = 0;
  bool closed_ = false;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::deque<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace crest::db::detail
