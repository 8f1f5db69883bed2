#pragma once
// Tells every instance of the service, this one included, something on a named channel (Redis
// pub/sub when REDIS_URL is set; the application provides it to modules as
// `providers.find<Broadcast>()`, absent without Redis). Delivery is best effort: a listener stays
// correct when messages are lost, and hears through on_resync each time some may have been.
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>

namespace crest {

class Broadcast {
 public:
  using Listener = std::function<void(const std::string& payload)>;
  virtual ~Broadcast() = default;

  // Sends `payload` to every instance listening on `channel`. Never throws: a failure is logged
  // (warn) and the message is lost.
  virtual boost::asio::awaitable<void> publish(std::string channel, std::string payload) = 0;
  // Call before serving starts. on_message runs on an I/O thread, once per message (from any
  // instance, this one included); on_resync after every subscription, the first included, since
  // what was published while this instance was not subscribed never reaches it.
  virtual void listen(std::string channel, Listener on_message, std::function<void()> on_resync) = 0;
};

}  // namespace crest
