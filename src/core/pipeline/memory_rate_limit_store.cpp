// The in-process rate-limit store (no REDIS_URL): fixed windows per key, in bounded memory. Each
// window length has a queue of its windows in the order they opened, which is also the order they
// close, so expired windows leave from the front: O(1) per hit, no sweep. Past `capacity` keys,
// the window that closes soonest makes room (a flood of new keys cannot grow the store).
#include <deque>
#include <map>
#include <mutex>
#include <unordered_map>

#include "core/pipeline/guards.hpp"

namespace crest {
namespace {

using Clock = std::chrono::steady_clock;

class MemoryRateLimitStore : public RateLimitStore {
 public:
  explicit MemoryRateLimitStore(std::size_t capacity) : capacity_(capacity) {}

  boost::asio::awaitable<RateLimitDecision> hit(const std::string& key, int limit,
                                                std::chrono::seconds window) override {
    RateLimitDecision decision = count(key, limit, window, Clock::now());
    co_return decision;
  }

  RateLimitDecision count(const std::string& key, int limit, std::chrono::seconds window, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    expire(now);
    auto found = windows_.find(key);
    if (found == windows_.end()) {
      if (windows_.size() >= capacity_) evict_one();
      found = windows_.emplace(key, Window{now + window, 0}).first;
      closing_[window].push_back({found->second.ends, key});
    }
    Window& w = found->second;
    ++w.count;
    auto reset = std::chrono::ceil<std::chrono::seconds>(w.ends - now);
    return RateLimitDecision{w.count <= limit, std::max(0, limit - w.count), reset};
  }

  std::size_t size() {
    std::lock_guard lock(mutex_);
    return windows_.size();
  }

 private:
  struct Window {
    Clock::time_point ends;
    int count = 0;
  };
  struct Closing {
    Clock::time_point ends;
    std::string key;
  };

  void expire(Clock::time_point now) {
    for (auto& [length, queue] : closing_)
      while (!queue.empty() && queue.front().ends <= now) {
        windows_.erase(queue.front().key);
        queue.pop_front();
      }
  }

  void evict_one() {
    std::deque<Closing>* soonest = nullptr;
    for (auto& [length, queue] : closing_)
      if (!queue.empty() && (!soonest || queue.front().ends < soonest->front().ends)) soonest = &queue;
    if (!soonest) return;
    windows_.erase(soonest->front().key);
    soonest->pop_front();
  }

  std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
  std::map<std::chrono::seconds, std::deque<Closing>> closing_;  // by window length: a few routes' worth
};

}  // namespace

std::shared_ptr<RateLimitStore> make_memory_rate_limit_store(std::size_t capacity) {
  return std::make_shared<MemoryRateLimitStore>(capacity);
}

}  // namespace crest
