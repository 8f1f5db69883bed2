#pragma once
// The HTTP/1.1 server: Boost.Beast on an Asio thread pool, one coroutine per connection. Beast and
// Asio stay inside server.cpp; this header is all the rest of the code sees.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/errors.hpp"
#include "core/http/request.hpp"

namespace crest::http {

struct ServerOptions {
  std::string host = "0.0.0.0";
  int port = 3000;
  int threads = 1;
  std::chrono::milliseconds request_timeout{10'000};  // headers and body must arrive within this
  std::chrono::milliseconds idle_timeout{60'000};     // between keep-alive requests
  std::chrono::milliseconds shutdown_timeout{10'000};
  std::size_t header_limit = 16 * 1024;
  // Open connections at most; past it a new connection is closed as soon as it is accepted, so
  // a flood of idle clients cannot take every file descriptor.
  std::size_t max_connections = 10'000;
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Called when the head has arrived: the body limit for this request. Throws HttpError to
  // refuse before the body is read (413, 415, ...).
  virtual std::size_t body_limit(const Request& head) const = 0;
  // Whether this request's body is handed to the handler unread, as Request::body_source (an
  // upload a handler writes on as it arrives), instead of whole in Request::body.
  virtual bool streams_body(const Request& head) const { (void)head; return false; }
  virtual boost::asio::awaitable<Response> handle(Request& request) = 0;
  // The response for a request refused by the transport (431, 413, 400 on a broken head).
  virtual Response reject(const Request& head, const HttpError& error) = 0;
};

class Server {
 public:
  Server(ServerOptions options, RequestHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port (useful with port 0).
  std::uint16_t listen();
  // Serves until SIGTERM/SIGINT: then stops accepting, lets in-flight requests finish
  // within the shutdown timeout, and returns. on_draining runs when draining starts.
  void run(std::function<void()> on_draining = {});
  // A task to start on the server's event loop once run() begins (pool warm-up, ...).
  void spawn(std::function<boost::asio::awaitable<void>()> task);
  // A task that runs beside the server (the job worker) and that the drain waits for, within the
  // shutdown timeout: run() returns once it and the in-flight requests are done. It should end
  // soon after on_draining, which is where to tell it to.
  void run_alongside(std::function<boost::asio::awaitable<void>()> task);
  // Empty while connections are accepted (or before run()); once the acceptor has stopped for
  // any reason but draining, why. A readiness check reports it.
  std::string acceptor_failure() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crest::http
