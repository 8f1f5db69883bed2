#pragma once
// Broadcast over Redis pub/sub: PUBLISH on the shared Client, one Subscriber for every channel
// listened to. Channel names carry the key prefix (CREST_REDIS_PREFIX), so services sharing a
// Redis under different prefixes do not hear each other.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/broadcast.hpp"
#include "core/redis/redis_client.hpp"
#include "core/redis/redis_subscriber.hpp"

namespace crest::redis {

class RedisBroadcast final : public Broadcast {
 public:
  RedisBroadcast(std::shared_ptr<Client> client, std::string url, std::string prefix);
  ~RedisBroadcast() override;

  boost::asio::awaitable<void> publish(std::string channel, std::string payload) override;
  // publish() that throws RedisUnavailable instead of logging, and returns how many subscribed
  // connections (instances) Redis handed the message to (for a CLI that reports it).
  boost::asio::awaitable<std::int64_t> publish_or_throw(std::string channel, std::string payload);
  void listen(std::string channel, Listener on_message, std::function<void()> on_resync) override;

  // Subscribes to every channel listened to so far (none: does nothing), on the calling
  // coroutine's event loop; returns at once.
  boost::asio::awaitable<void> start();
  // Call once the event loop no longer runs, before it is destroyed (as Client::close).
  void stop();

 private:
  struct Listening {
    std::string channel;  // prefixed
    Listener on_message;
    std::function<void()> on_resync;
  };
  std::shared_ptr<Client> client_;
  std::string url_;
  std::string prefix_;
  std::vector<Listening> listeners_;
  std::unique_ptr<Subscriber> subscriber_;
};

}  // namespace crest::redis
