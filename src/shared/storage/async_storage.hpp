#pragma once
// Storage for coroutines: run() does a blocking Storage call on a few threads of its own and
// resumes the caller on its executor, so an event loop never waits on a disk or an S3 server.
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <memory>

#include "shared/storage/storage.hpp"

namespace crest::storage {

class AsyncStorage {
 public:
  // `threads` bounds the calls in flight; more wait their turn.
  explicit AsyncStorage(std::shared_ptr<Storage> storage, std::size_t threads = 2);
  ~AsyncStorage();  // waits for the calls already started
  AsyncStorage(const AsyncStorage&) = delete;
  AsyncStorage& operator=(const AsyncStorage&) = delete;

  // Runs `work` (which calls the storage) off the event loop; rethrows what it throws.
  boost::asio::awaitable<void> run(std::function<void()> work);
  Storage& storage() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crest::storage
