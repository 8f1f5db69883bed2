#include "core/util/blocking_pool.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace crest {
namespace asio = boost::asio;

namespace {
// By value: the frame owns what the pool thread runs.
asio::awaitable<void> run_task(std::function<void()> work) {
  work();
  co_return;
}
}  // namespace

struct BlockingPool::Impl {
  explicit Impl(std::size_t threads) : pool(threads ? threads : 1) {}
  ~Impl() { pool.join(); }
  asio::thread_pool pool;
};

BlockingPool::BlockingPool(std::size_t threads) : impl_(std::make_unique<Impl>(threads)) {}
BlockingPool::~BlockingPool() = default;

asio::awaitable<void> BlockingPool::run(std::function<void()> work) {
  auto task = run_task(std::move(work));
  co_await asio::co_spawn(impl_->pool, std::move(task), asio::use_awaitable);
}

}  // namespace crest
