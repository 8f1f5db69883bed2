#pragma once
// A Redis client on the event loop: hiredis's async API with its socket on Asio (hiredis 0.14
// has no Asio adapter, so this is one). One connection per client, commands pipelined on it;
// each command has a timeout; a broken connection is replaced on the next command.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/health/health.hpp"

namespace crest::redis {

struct Reply {
  enum class Type { Nil, Integer, String, Status, Array, Error };
  Type type = Type::Nil;
  std::int64_t integer = 0;
  std::string text;  // String, Status, Error
  std::vector<Reply> elements;
};

// Redis could not be reached or did not answer in time -> 503 unless the caller degrades.
class RedisUnavailable : public ServiceUnavailable {
 public:
  explicit RedisUnavailable(std::string message) : ServiceUnavailable(std::move(message)) {}
};

class Client {
 public:
  // redis://[:password@]host[:port][/db]; nothing connects until the first command.
  Client(std::string url, std::chrono::milliseconds command_timeout);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  boost::asio::awaitable<Reply> command(std::vector<std::string> args);
  boost::asio::awaitable<HealthCheckResult> ping();
  // Drops the connection. Call it once the event loop no longer runs, before it is destroyed
  // (the socket is registered with it); later commands fail.
  void close();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace crest::redis
