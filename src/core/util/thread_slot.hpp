#pragma once
// A small number per thread, for sharding state that every request touches (metrics, the log
// queue, idle database connections) so that the I/O threads do not meet on one lock: shard
// thread_slot() % N. Threads are numbered in the order they first ask.
#include <atomic>
#include <cstddef>

namespace crest {

inline std::size_t thread_slot() noexcept {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t slot = next.fetch_add(1, std::memory_order_relaxed);
  return slot;
}

}  // namespace crest
