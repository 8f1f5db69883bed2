#pragma once
// A few threads for blocking calls (an SMTP conversation, a file or S3 transfer): run() does the
// call there and resumes the calling coroutine on its own executor, so an event loop never waits.
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <memory>

namespace crest {

class BlockingPool {
 public:
  // `threads` bounds the calls in flight; more wait their turn.
  explicit BlockingPool(std::size_t threads);
  ~BlockingPool();  // waits for the calls already started
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs `work` on a pool thread; rethrows what it throws.
  boost::asio::awaitable<void> run(std::function<void()> work);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crest
