#include "core/redis/redis_rate_limit_store.hpp"

#include <atomic>
#include <chrono>

#include "core/log/log.hpp"

namespace crest::redis {

namespace {

// One round trip: count the hit, start the window on the first one, report the time left.
constexpr const char* kHitScript = R"(local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl})";

class RedisRateLimitStore : public RateLimitStore {
 public:
  RedisRateLimitStore(std::shared_ptr<Client> client, std::string prefix, bool fail_open)
      : client_(std::move(client)), prefix_(std::move(prefix)), fail_open_(fail_open) {}

  boost::asio::awaitable<RateLimitDecision> hit(const std::string& key, int limit,
                                                std::chrono::seconds window) override {
    std::vector<std::string> command{"EVAL", kHitScript, "1", prefix_ + "ratelimit:" + key,
                                     std::to_string(std::chrono::milliseconds(window).count())};
    std::optional<Reply> reply;
    try {
      reply = co_await client_->command(std::move(command));
    } catch (const RedisUnavailable& e) {
      if (!fail_open_) throw;
      warn_degraded(e.what());
      co_return RateLimitDecision{true, limit, window};
    }
    if (reply->type != Reply::Type::Array || reply->elements.size() != 2) {
      warn_degraded("unexpected rate-limit reply from Redis");
      co_return RateLimitDecision{true, limit, window};
    }
    auto count = reply->elements[0].integer;
    auto ttl_ms = reply->elements[1].integer;
    auto reset = std::chrono::seconds((ttl_ms + 999) / 1000);
    co_return RateLimitDecision{count <= limit, static_cast<int>(std::max<std::int64_t>(0, limit - count)), reset};
  }

 private:
  void warn_degraded(const std::string& why) {
    auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    auto last = last_warning_.load();
    if (now - last < std::chrono::steady_clock::duration(std::chrono::seconds(10)).count()) return;
    if (!last_warning_.compare_exchange_strong(last, now)) return;
    log::warn("rate limiting degraded: Redis unavailable, requests pass (fail-open)", {{"err", why}});
  }

  std::shared_ptr<Client> client_;
  std::string prefix_;
  bool fail_open_;
  std::atomic<std::chrono::steady_clock::rep> last_warning_{0};
};

}  // namespace

std::shared_ptr<RateLimitStore> make_redis_rate_limit_store(std::shared_ptr<Client> client, std::string key_prefix,
                                                            bool fail_open) {
  return std::make_shared<RedisRateLimitStore>(std::move(client), std::move(key_prefix), fail_open);
}

}  // namespace crest::redis
