#include "shared/storage/async_storage.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace crest::storage {
namespace asio = boost::asio;

namespace {
// By value: the frame owns what the pool thread runs.
asio::awaitable<void> run_task(std::function<void()> work) {
  work();
  co_return;
}
}  // namespace

struct AsyncStorage::Impl {
  Impl(std::shared_ptr<Storage> s, std::size_t threads) : storage(std::move(s)), pool(threads ? threads : 1) {}
  ~Impl() { pool.join(); }
  std::shared_ptr<Storage> storage;
  asio::thread_pool pool;
};

AsyncStorage::AsyncStorage(std::shared_ptr<Storage> storage, std::size_t threads)
    : impl_(std::make_unique<Impl>(std::move(storage), threads)) {}
AsyncStorage::~AsyncStorage() = default;

asio::awaitable<void> AsyncStorage::run(std::function<void()> work) {
  auto task = run_task(std::move(work));
  co_await asio::co_spawn(impl_->pool, std::move(task), asio::use_awaitable);
}

Storage& AsyncStorage::storage() const noexcept { return *impl_->storage; }

}  // namespace crest::storage
