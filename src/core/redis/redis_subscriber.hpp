#pragma once
// A Redis subscriber: a connection of its own in SUBSCRIBE mode (a subscribed connection takes no
// other command, so the Client cannot share it), on the event loop it is started from. When
// Redis drops it, it reconnects with a growing wait and subscribes again; on_subscribed says so
// each time, because whatever was published in between is lost for good (pub/sub keeps nothing).
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace crest::redis {

struct SubscriberHandlers {
  // A message on one of the channels; on the subscriber's strand, one at a time. Keep it short
  // and non-blocking (it runs on an I/O thread); an exception is logged and dropped.
  std::function<void(const std::string& channel, const std::string& payload)> on_message;
  // After every subscription to all the channels, the first included.
  std::function<void()> on_subscribed;
};

struct ReconnectBackoff {
  std::chrono::milliseconds first{100};    // the wait before the first new attempt
  std::chrono::milliseconds longest{5000};  // doubling up to this
};

class Subscriber {
 public:
  // redis://[:password@]host[:port][/db], as for the Client; nothing connects until start().
  Subscriber(std::string url, std::vector<std::string> channels, SubscriberHandlers handlers,
             ReconnectBackoff backoff = {});
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // Starts connecting and subscribing on the calling coroutine's event loop, and returns at once
  // (the subscriber keeps that loop busy until stop). Call it once.
  boost::asio::awaitable<void> start();
  // Unsubscribes for good and frees the connection. Call it once the event loop no longer runs,
  // before it is destroyed (the socket and timer are registered with it), as Client::close.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace crest::redis
