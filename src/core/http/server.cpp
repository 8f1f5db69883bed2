#include "core/http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cctype>
#include <list>
#include <mutex>
#include <thread>

#include "core/http/request_head.hpp"
#include "core/http/response_head.hpp"
#include "core/log/log.hpp"

namespace crest::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
// A chunk's extensions are read and dropped; past this they are an attack, not metadata.
constexpr std::size_t kChunkExtensionLimit = 4096;
// What the connection buffers beyond the head: Beast keeps a chunk-size line whole in the buffer
// until its CRLF, so this bounds the memory a line without end can take.
constexpr std::size_t kBufferSlack = 64 * 1024;
// The most a streamed body's handler gets in one piece.
constexpr std::size_t kStreamedPiece = 64 * 1024;

namespace {

// A connection's socket and its current deadline. Deadlines are enforced by one sweeper per
// server rather than a timer per socket operation: a timer per read and write costs timerfd
// syscalls on every request, the sweeper a scan every few hundred milliseconds.
struct Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)) {}
  tcp::socket socket;
  std::atomic<Clock::rep> deadline{Clock::time_point::max().time_since_epoch().count()};

  void expire_in(std::chrono::milliseconds d) {
    deadline.store((Clock::now() + d).time_since_epoch().count(), std::memory_order_relaxed);
  }
  void no_deadline() {
    deadline.store(Clock::time_point::max().time_since_epoch().count(), std::memory_order_relaxed);
  }
};

Request to_request(const bhttp::request_parser<bhttp::string_body>& parser, const std::string& ip) {
  const auto& message = parser.get();
  Request request;
  request.method = std::string(message.method_string());
  request.target = origin_target(message.target());
  auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  request.headers.reserve(8);
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.remote_ip = ip;
  return request;
}

// A response as written on the wire: the head, and the body unless the request was HEAD.
struct WireResponse {
  std::string head;
  std::string body;

  WireResponse(Response&& response, bool head_only, bool keep_alive)
      : head(response_head(response, response.body.size(), keep_alive)),
        body(head_only ? std::string() : std::move(response.body)) {}
  std::array<asio::const_buffer, 2> buffers() const { return {asio::buffer(head), asio::buffer(body)}; }
};

bool is_disconnect(const beast::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::operation_aborted ||
         ec == asio::error::connection_reset || ec == asio::error::bad_descriptor ||
         ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, RequestHandler& h)
      : options(std::move(o)), handler(h), ioc(options.threads), acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM), shutdown_timer(ioc), sweep_timer(ioc) {}

  ServerOptions options;
  RequestHandler& handler;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer shutdown_timer;
  asio::steady_timer sweep_timer;
  std::function<void()> on_draining;
  std::vector<std::function<asio::awaitable<void>()>> startup_tasks;
  std::atomic<bool> draining{false};
  std::atomic<int> in_flight{0};
  std::vector<std::function<asio::awaitable<void>()>> alongside_tasks;
  std::atomic<int> alongside{0};  // of those, still running
  std::mutex connections_mutex;
  std::list<std::shared_ptr<Connection>> connections;
  Clock::time_point last_accept_warning{};
  mutable std::mutex acceptor_mutex;
  std::string acceptor_failure;  // empty while accepting

  // Accepts until the server drains. A failed accept (out of file descriptors, a connection
  // gone before it was taken) is retried after a pause doubling from 10 ms to 1 s, reset by the
  // next success, so exhaustion neither spins nor floods the log; past max_connections a new
  // connection is closed as soon as it is taken. Nothing here throws on a single bad connection.
  asio::awaitable<void> accept_loop() {
    constexpr std::chrono::milliseconds kFirstPause{10}, kLongestPause{1000};
    asio::steady_timer pause_timer(ioc);
    auto pause = kFirstPause;
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), use_nothrow);
      if (ec) {
        if (draining || ec == asio::error::operation_aborted) co_return;
        warn_about_accepting("accept failed; pausing before the next attempt",
                             {{"err", ec.message()}, {"pauseMs", static_cast<std::int64_t>(pause.count())}});
        pause_timer.expires_after(pause);
        co_await pause_timer.async_wait(use_nothrow);
        pause = std::min(pause * 2, kLongestPause);
        continue;
      }
      pause = kFirstPause;
      beast::error_code option_ec;
      socket.set_option(tcp::no_delay(true), option_ec);  // fails only when the peer has already gone
      auto connection = std::make_shared<Connection>(std::move(socket));
      std::list<std::shared_ptr<Connection>>::iterator position;
      bool admitted = false;
      {
        std::lock_guard lock(connections_mutex);
        if (connections.size() < options.max_connections) {
          position = connections.insert(connections.end(), connection);
          admitted = true;
        }
      }
      if (!admitted) {
        beast::error_code ignored;
        connection->socket.close(ignored);
        warn_about_accepting("connection limit reached: closing new connections",
                             {{"maxConnections", static_cast<std::int64_t>(options.max_connections)}});
        continue;
      }
      auto executor = connection->socket.get_executor();
      asio::co_spawn(executor, session(std::move(connection)),
                     [this, position](std::exception_ptr error) {
                       if (error) {
                         try {
                           std::rethrow_exception(error);
                         } catch (const std::exception& e) {
                           log::error("connection failed", {{"err", e.what()}});
                         }
                       }
                       std::lock_guard lock(connections_mutex);
                       connections.erase(position);
                     });
    }
  }

  // At most one warning a second from the accept loop (its only caller, so no lock).
  void warn_about_accepting(std::string_view message, const boost::json::object& fields) {
    auto now = Clock::now();
    if (last_accept_warning != Clock::time_point{} && now - last_accept_warning < std::chrono::seconds(1)) return;
    last_accept_warning = now;
    log::warn(message, fields);
  }

  // The accept loop ended: by draining (fine), or by an exception, after which the server takes
  // no new connection; that is logged and readiness reports it.
  void accept_loop_ended(std::exception_ptr error) {
    if (!error && draining) return;
    std::string why = "the accept loop ended";
    if (error) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        why = e.what();
      } catch (...) {
        why = "unknown exception";
      }
    }
    log::error("the acceptor stopped: no new connections are accepted", {{"err", why}});
    std::lock_guard lock(acceptor_mutex);
    acceptor_failure = "not accepting connections: " + why;
  }

  // Closes connections whose deadline has passed; their pending operation then fails.
  asio::awaitable<void> sweep_loop() {
    auto shortest = std::min(options.request_timeout, options.idle_timeout);
    auto interval = std::clamp<std::chrono::milliseconds>(shortest / 4, std::chrono::milliseconds(10),
                                                          std::chrono::milliseconds(250));
    for (;;) {
      sweep_timer.expires_after(interval);
      auto [ec] = co_await sweep_timer.async_wait(use_nothrow);
      if (ec) co_return;
      auto now = Clock::now().time_since_epoch().count();
      std::lock_guard lock(connections_mutex);
      for (auto& connection : connections) {
        if (connection->deadline.load(std::memory_order_relaxed) > now) continue;
        connection->no_deadline();
        asio::post(connection->socket.get_executor(), [connection] {
          beast::error_code ignored;
          connection->socket.close(ignored);
        });
      }
    }
  }

  // Requests between a complete head and a written response. Draining ends when it reaches 0;
  // idle keep-alive connections are simply dropped then.
  void request_started() { ++in_flight; }
  void request_finished() {
    if (--in_flight == 0 && draining && alongside == 0) asio::post(ioc, [this] { ioc.stop(); });
  }

  // A streamed body (Server-Sent Events), chunk by chunk as its producer gives them; each write
  // must finish within the request timeout (a client that stops reading is dropped), and a drain
  // ends the stream at the producer's next piece.
  asio::awaitable<void> write_stream(Connection& c, Response& response) {
    std::string head = streamed_response_head(response);
    c.expire_in(options.request_timeout);
    auto [head_ec, head_n] = co_await asio::async_write(c.socket, asio::buffer(head), use_nothrow);
    if (head_ec) co_return;
    std::string chunk;
    for (;;) {
      c.no_deadline();
      std::optional<std::string> piece;
      try {
        piece = co_await response.stream();
      } catch (const std::exception& e) {
        log::warn("a streamed response failed; ending it", {{"err", e.what()}});
        piece.reset();
      }
      if (piece && piece->empty()) {
        if (draining) piece.reset();
        else continue;
      }
      chunk.clear();
      if (piece) {
        chunk = fmt::format("{:x}\r\n", piece->size());
        chunk += *piece;
        chunk += "\r\n";
      } else {
        chunk = "0\r\n\r\n";
      }
      c.expire_in(options.request_timeout);
      auto [write_ec, written] = co_await asio::async_write(c.socket, asio::buffer(chunk), use_nothrow);
      if (write_ec || !piece) co_return;
    }
  }

  // The pieces of a streamed body, read when the handler asks: each read within the request
  // timeout (a stalled upload ends), the whole within the route's limit.
  BodySource stream_body_of(Connection& c, beast::flat_buffer& buffer,
                            bhttp::request_parser<bhttp::buffer_body>& parser, std::size_t limit) {
    return [this, &c, &buffer, &parser, limit]() -> asio::awaitable<std::optional<std::string>> {
      std::string piece(kStreamedPiece, '\0');
      while (!parser.is_done()) {
        auto& body = parser.get().body();
        body.data = piece.data();
        body.size = piece.size();
        c.expire_in(options.request_timeout);
        auto [ec, n] = co_await bhttp::async_read_some(c.socket, buffer, parser, use_nothrow);
        c.no_deadline();
        if (ec == bhttp::error::need_buffer) ec = {};
        if (ec == bhttp::error::body_limit)
          throw PayloadTooLarge("Request body exceeds the limit of " + std::to_string(limit) + " bytes");
        if (ec && is_disconnect(ec)) throw BadRequest("The request body ended before it was complete");
        if (ec) throw BadRequest("Malformed HTTP request body");
        std::size_t got = piece.size() - parser.get().body().size;
        if (got > 0) {
          piece.resize(got);
          co_return piece;
        }
      }
      co_return std::nullopt;
    };
  }

  static asio::awaitable<std::optional<std::string>> no_more_body() { co_return std::nullopt; }

  // Writes a refusal and closes lingeringly: the client may still be sending the body we refused,
  // and closing at once would reset the connection before it reads our answer. So the send side
  // is shut and what still arrives is read and dropped, for at most 2 s or 16 MiB. (No
  // temporaries inside co_await expressions: g++ 12 destroys some of them twice.)
  asio::awaitable<void> write_refusal(Connection& c, Response& response) {
    WireResponse wire(std::move(response), false, false);
    auto buffers = wire.buffers();
    c.expire_in(options.request_timeout);
    auto [write_ec, written] = co_await asio::async_write(c.socket, buffers, use_nothrow);
    if (write_ec) co_return;
    beast::error_code ignored;
    c.socket.shutdown(tcp::socket::shutdown_send, ignored);
    c.expire_in(std::chrono::seconds(2));
    std::array<char, 16 * 1024> scratch;
    for (std::size_t drained = 0; drained < 16 * 1024 * 1024;) {
      auto [read_ec, n] = co_await c.socket.async_read_some(asio::buffer(scratch), use_nothrow);
      if (read_ec) break;
      drained += n;
    }
  }

  // The refusal for a broken or oversized head; none when the client merely went away.
  std::optional<Response> refuse_head(const beast::error_code& ec) {
    Request unknown;
    if (ec == bhttp::error::header_limit) return handler.reject(unknown, HeadersTooLarge());
    if (is_disconnect(ec)) return std::nullopt;
    return handler.reject(unknown, BadRequest("Malformed HTTP request"));
  }

  asio::awaitable<void> session(std::shared_ptr<Connection> connection) {
    Connection& c = *connection;
    beast::error_code ignored;
    std::string ip = c.socket.remote_endpoint(ignored).address().to_string();
    beast::flat_buffer buffer(options.header_limit + kBufferSlack);
    bool first = true;
    while (!draining) {
      // The first byte of the next request must come within the idle timeout; from then on the
      // whole head and body within the request timeout.
      if (buffer.size() == 0) {
        c.expire_in(first ? options.request_timeout : options.idle_timeout);
        auto [ec, n] = co_await c.socket.async_read_some(buffer.prepare(8192), use_nothrow);
        if (ec) break;
        buffer.commit(n);
      }
      c.expire_in(options.request_timeout);
      first = false;

      // The whole head is buffered before Beast reads it, so the framing rules Beast leaves to
      // the server (request_head.hpp) are checked on the bytes as they came.
      std::size_t head_size = 0;
      std::size_t searched = 0;
      bool head_complete = false;
      while (!head_complete) {
        std::string_view buffered(static_cast<const char*>(buffer.data().data()), buffer.size());
        auto end = buffered.find("\r\n\r\n", searched);
        if (end != std::string_view::npos) {
          head_size = end + 4;
          head_complete = true;
          break;
        }
        searched = buffered.size() < 3 ? 0 : buffered.size() - 3;
        if (buffered.size() > options.header_limit) break;
        auto [ec, n] = co_await c.socket.async_read_some(buffer.prepare(8192), use_nothrow);
        if (ec) break;
        buffer.commit(n);
      }
      if (!head_complete) {
        if (buffer.size() > options.header_limit) {
          Request unknown;
          auto refusal = handler.reject(unknown, HeadersTooLarge());
          co_await write_refusal(c, refusal);
        }
        break;
      }
      HeadVerdict verdict =
          check_request_head(std::string_view(static_cast<const char*>(buffer.data().data()), head_size));
      if (!verdict.ok()) {
        Request unknown;
        auto refusal = handler.reject(unknown, HttpError(verdict.status, verdict.message));
        co_await write_refusal(c, refusal);
        break;
      }

      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(boost::none);
      auto on_chunk_header = [](std::uint64_t, beast::string_view extensions, beast::error_code& ec) {
        if (extensions.size() > kChunkExtensionLimit) ec = bhttp::error::bad_chunk_extension;
      };
      parser.on_chunk_header(on_chunk_header);
      beast::error_code head_ec;
      buffer.consume(parser.put(buffer.data(), head_ec));
      if (head_ec) {
        auto refusal = refuse_head(head_ec);
        if (refusal) co_await write_refusal(c, *refusal);
        break;
      }

      Request request = to_request(parser, ip);
      bool keep_alive = parser.get().keep_alive();
      // A streamed body stays in the socket until the handler asks for it (stream_body_of).
      std::optional<bhttp::request_parser<bhttp::buffer_body>> body_parser;
      // A body follows: its limit (the route's, so one more route lookup) is checked before it
      // is read. A request without a body (most) needs no limit.
      if (!parser.is_done()) {
        std::size_t limit = 0;
        bool streamed = false;
        std::optional<Response> refusal;
        try {
          limit = handler.body_limit(request);
          streamed = handler.streams_body(request);
          if (auto length = parser.content_length(); length && *length > limit)
            throw PayloadTooLarge("Request body exceeds the limit of " + std::to_string(limit) + " bytes");
        } catch (const HttpError& error) {
          refusal = handler.reject(request, error);
        }
        if (refusal) {
          co_await write_refusal(c, *refusal);
          break;
        }
        if (parser.get()[bhttp::field::expect] == "100-continue") {
          bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, 11};
          auto [write_ec, written] = co_await bhttp::async_write(c.socket, proceed, use_nothrow);
          if (write_ec) break;
        }
        if (streamed) {
          body_parser.emplace(std::move(parser));
          body_parser->body_limit(limit);
          request.body_source = stream_body_of(c, buffer, *body_parser, limit);
        } else {
          parser.body_limit(limit);
          auto [body_ec, body_n] = co_await bhttp::async_read(c.socket, buffer, parser, use_nothrow);
          if (body_ec) {
            if (body_ec == bhttp::error::body_limit)
              refusal = handler.reject(request, PayloadTooLarge("Request body exceeds the limit of " +
                                                                std::to_string(limit) + " bytes"));
            else if (!is_disconnect(body_ec))
              refusal = handler.reject(request, BadRequest("Malformed HTTP request body"));
            if (refusal) co_await write_refusal(c, *refusal);
            break;
          }
        }
      }
      if (!body_parser) request.body = std::move(parser.get().body());
      else if (!request.body_source) request.body_source = [] { return no_more_body(); };
      bool head_only = request.method == "HEAD";

      c.no_deadline();
      request_started();
      Response response = co_await handler.handle(request);
      if (body_parser && !body_parser->is_done()) {
        // The handler answered before the body's end (a refusal): what is left is read and
        // dropped while the answer goes out, then the connection closes.
        co_await write_refusal(c, response);
        request_finished();
        break;
      }
      if (response.stream && !head_only) {
        co_await write_stream(c, response);
        request_finished();
        break;
      }
      keep_alive = keep_alive && !draining;
      WireResponse wire(std::move(response), head_only, keep_alive);
      auto buffers = wire.buffers();
      c.expire_in(options.request_timeout);
      auto [write_ec, written] = co_await asio::async_write(c.socket, buffers, use_nothrow);
      request_finished();
      if (write_ec || !keep_alive) break;
    }
    c.socket.shutdown(tcp::socket::shutdown_send, ignored);
    c.socket.close(ignored);
  }

  void begin_drain() {
    if (draining.exchange(true)) return;
    log::info("shutting down: draining in-flight requests",
              {{"timeoutMs", static_cast<std::int64_t>(options.shutdown_timeout.count())}});
    if (on_draining) on_draining();
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel();
    if (in_flight == 0 && alongside == 0) {
      ioc.stop();
      return;
    }
    shutdown_timer.expires_after(options.shutdown_timeout);
    shutdown_timer.async_wait([this](beast::error_code ec) {
      if (ec) return;
      log::warn("shutdown timeout reached: closing remaining connections");
      ioc.stop();
    });
  }
};

Server::Server(ServerOptions options, RequestHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}
Server::~Server() = default;

std::uint16_t Server::listen() {
  auto& acceptor = impl_->acceptor;
  tcp::endpoint endpoint(asio::ip::make_address(impl_->options.host),
                         static_cast<std::uint16_t>(impl_->options.port));
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  return acceptor.local_endpoint().port();
}

void Server::run(std::function<void()> on_draining) {
  impl_->on_draining = std::move(on_draining);
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->begin_drain();
  });
  asio::co_spawn(impl_->ioc, impl_->accept_loop(),
                 [impl = impl_.get()](std::exception_ptr error) { impl->accept_loop_ended(error); });
  asio::co_spawn(impl_->ioc, impl_->sweep_loop(), asio::detached);
  for (auto& task : impl_->alongside_tasks) {
    ++impl_->alongside;
    asio::co_spawn(impl_->ioc, task(), [impl = impl_.get()](std::exception_ptr error) {
      if (error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          log::error("a task beside the server failed", {{"err", e.what()}});
        }
      }
      if (--impl->alongside == 0 && impl->draining && impl->in_flight == 0) impl->ioc.stop();
    });
  }
  for (auto& task : impl_->startup_tasks)
    asio::co_spawn(impl_->ioc, task(), [](std::exception_ptr error) {
      if (!error) return;
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        log::warn("start-up task failed", {{"err", e.what()}});
      }
    });
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::run_alongside(std::function<asio::awaitable<void>()> task) {
  impl_->alongside_tasks.push_back(std::move(task));
}

void Server::spawn(std::function<asio::awaitable<void>()> task) {
  impl_->startup_tasks.push_back(std::move(task));
}

std::string Server::acceptor_failure() const {
  std::lock_guard lock(impl_->acceptor_mutex);
  return impl_->acceptor_failure;
}


}  // namespace crest::http
