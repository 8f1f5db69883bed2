#pragma once
// Storage for coroutines: run() does a blocking Storage call on a few threads of its own
// (BlockingPool) and resumes the caller on its executor, so an event loop never waits on a disk
// or an S3 server.
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <memory>

#include "core/util/blocking_pool.hpp"
#include "shared/storage/storage.hpp"

namespace crest::storage {

class AsyncStorage {
 public:
  explicit AsyncStorage(std::shared_ptr<Storage> storage, std::size_t threads = 2)
      : storage_(std::move(storage)), pool_(threads) {}

  // Runs `work` (which calls the storage) off the event loop; rethrows what it throws.
  boost::asio::awaitable<void> run(std::function<void()> work) { return pool_.run(std::move(work)); }
  Storage& storage() const noexcept { return *storage_; }

 private:
  std::shared_ptr<Storage> storage_;
  BlockingPool pool_;  // last: joined before the storage goes
};

}  // namespace crest::storage
