#pragma once
// One hiredis async connection with its socket on an Asio strand (hiredis 0.14 has no Asio
// adapter, so this is one). Private to the .cpp files of core/redis: the client and the
// subscriber each own connections of this kind. Everything here, the hiredis callbacks
// included, runs on the strand; only close() may also run once the event loop has stopped.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/strand.hpp>
#include <hiredis/async.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crest::redis::detail {

using Strand = boost::asio::strand<boost::asio::any_io_executor>;

class HiredisConnection : public std::enable_shared_from_this<HiredisConnection> {
 public:
  // Starts a non-blocking connect to the URL's host and queues AUTH and SELECT from the URL
  // (hiredis queues commands until the connection is up). `on_lost` runs on the strand once the
  // connect fails or the connection drops, never after close(). Throws RedisUnavailable.
  static std::shared_ptr<HiredisConnection> open(const std::string& url, const Strand& strand,
                                                 std::function<void()> on_lost = {});
  ~HiredisConnection();
  HiredisConnection(const HiredisConnection&) = delete;
  HiredisConnection& operator=(const HiredisConnection&) = delete;

  // False once the connection failed, dropped or was closed (hiredis freed its context).
  bool alive() const noexcept { return context_ != nullptr; }
  // redisAsyncCommandArgv on the live context: false when hiredis refused the command (then
  // `callback` is not called). Every callback gets a null reply when the connection goes away.
  bool send(const std::vector<std::string>& args, redisCallbackFn* callback, void* data);
  // Frees the context (pending callbacks run with a null reply, `on_lost` does not) and the Asio
  // objects; safe once the event loop has stopped, before it is destroyed.
  void close();

 private:
  explicit HiredisConnection(std::function<void()> on_lost) : on_lost_(std::move(on_lost)) {}

  // hiredis's event hooks and callbacks (called from inside hiredis, on the strand).
  static void add_read(void* data);
  static void del_read(void* data);
  static void add_write(void* data);
  static void del_write(void* data);
  static void cleanup(void* data);
  static void on_connect(const redisAsyncContext* context, int status);
  static void on_disconnect(const redisAsyncContext* context, int status);

  void watch(bool read);

  std::optional<Strand> strand_;
  std::optional<boost::asio::posix::stream_descriptor> socket_;
  redisAsyncContext* context_ = nullptr;
  std::function<void()> on_lost_;
  bool want_read_ = false, want_write_ = false, waiting_read_ = false, waiting_write_ = false;
};

}  // namespace crest::redis::detail
