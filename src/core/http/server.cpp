#include "core/http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <cctype>
#include <thread>

#include "core/log/log.hpp"

namespace crest::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

namespace {

Request to_request(const bhttp::request_parser<bhttp::string_body>& parser, const std::string& ip) {
  const auto& message = parser.get();
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
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

bhttp::response<bhttp::string_body> to_beast(Response&& response, bool head_only, bool keep_alive) {
  bhttp::response<bhttp::string_body> out;
  out.result(static_cast<unsigned>(response.status));
  out.version(11);
  if (!response.body.empty() || response.status != 204)
    out.set(bhttp::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) out.set(name, value);
  out.keep_alive(keep_alive);
  if (head_only) {
    out.content_length(response.body.size());
  } else {
    out.body() = std::move(response.body);
    out.prepare_payload();
  }
  return out;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, RequestHandler& h)
      : options(std::move(o)), handler(h), ioc(options.threads), acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM), shutdown_timer(ioc) {}

  ServerOptions options;
  RequestHandler& handler;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer shutdown_timer;
  std::function<void()> on_draining;
  std::atomic<bool> draining{false};
  std::atomic<int> in_flight{0};

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), use_nothrow);
      if (ec) {
        if (draining || ec == asio::error::operation_aborted) co_return;
        log::warn("accept failed", {{"err", ec.message()}});
        continue;
      }
      socket.set_option(tcp::no_delay(true));
      auto executor = socket.get_executor();
      asio::co_spawn(executor, session(beast::tcp_stream(std::move(socket))),
                     [](std::exception_ptr error) {
                       if (!error) return;
                       try {
                         std::rethrow_exception(error);
                       } catch (const std::exception& e) {
                         log::error("connection failed", {{"err", e.what()}});
                       }
                     });
    }
  }

  // Requests between a complete head and a written response. Draining ends when it reaches 0;
  // idle keep-alive connections are simply dropped then.
  void request_started() { ++in_flight; }
  void request_finished() {
    if (--in_flight == 0 && draining) asio::post(ioc, [this] { ioc.stop(); });
  }

  // A refusal is written and the connection closed. (No temporaries inside co_await
  // expressions: g++ 12 destroys some of them twice.)
  asio::awaitable<void> write_refusal(beast::tcp_stream& stream, Response& response) {
    auto message = to_beast(std::move(response), false, false);
    stream.expires_after(options.request_timeout);
    co_await bhttp::async_write(stream, message, use_nothrow);
  }

  asio::awaitable<void> session(beast::tcp_stream stream) {
    beast::error_code ignored;
    std::string ip = stream.socket().remote_endpoint(ignored).address().to_string();
    beast::flat_buffer buffer;
    bool first = true;
    for (;;) {
      // Wait for the first byte of the next request under the idle timeout.
      if (draining) break;
      if (buffer.size() == 0) {
        stream.expires_after(first ? options.request_timeout : options.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_nothrow);
        if (ec) break;
        buffer.commit(n);
      }
      first = false;

      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(boost::none);
      stream.expires_after(options.request_timeout);
      auto [head_ec, head_n] = co_await bhttp::async_read_header(stream, buffer, parser, use_nothrow);
      if (head_ec) {
        Request unknown;
        std::optional<Response> refusal;
        if (head_ec == bhttp::error::header_limit)
          refusal = handler.reject(unknown, HeadersTooLarge());
        else if (head_ec != beast::error::timeout && head_ec != asio::error::eof &&
                 head_ec != asio::error::operation_aborted && head_ec != asio::error::connection_reset)
          refusal = handler.reject(unknown, BadRequest("Malformed HTTP request"));
        if (refusal) co_await write_refusal(stream, *refusal);
        break;
      }

      Request request = to_request(parser, ip);
      std::size_t limit = 0;
      std::optional<Response> refusal;
      try {
        limit = handler.body_limit(request);
        if (auto length = parser.content_length(); length && *length > limit)
          throw PayloadTooLarge("Request body exceeds the limit of " + std::to_string(limit) + " bytes");
      } catch (const HttpError& error) {
        refusal = handler.reject(request, error);
      }
      if (refusal) {
        co_await write_refusal(stream, *refusal);
        break;
      }

      if (!parser.is_done()) {
        if (parser.get()[bhttp::field::expect] == "100-continue") {
          bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, 11};
          auto [write_ec, written] = co_await bhttp::async_write(stream, proceed, use_nothrow);
          if (write_ec) break;
        }
        parser.body_limit(limit);
        stream.expires_after(options.request_timeout);
        auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, use_nothrow);
        if (body_ec) {
          if (body_ec == bhttp::error::body_limit)
            refusal = handler.reject(request, PayloadTooLarge("Request body exceeds the limit of " +
                                                              std::to_string(limit) + " bytes"));
          else if (body_ec != beast::error::timeout && body_ec != asio::error::eof &&
                   body_ec != asio::error::connection_reset)
            refusal = handler.reject(request, BadRequest("Malformed HTTP request body"));
          if (refusal) co_await write_refusal(stream, *refusal);
          break;
        }
      }
      request.body = std::move(parser.get().body());
      bool keep_alive = parser.get().keep_alive();
      bool head_only = request.method == "HEAD";

      stream.expires_never();
      request_started();
      Response response = co_await handler.handle(request);
      keep_alive = keep_alive && !draining;
      stream.expires_after(options.request_timeout);
      auto message = to_beast(std::move(response), head_only, keep_alive);
      auto [write_ec, written] = co_await bhttp::async_write(stream, message, use_nothrow);
      request_finished();
      if (write_ec || !keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
  }

  void begin_drain() {
    if (draining.exchange(true)) return;
    log::info("shutting down: draining in-flight requests",
              {{"timeoutMs", static_cast<std::int64_t>(options.shutdown_timeout.count())}});
    if (on_draining) on_draining();
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel();
    if (in_flight == 0) {
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
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_drain(); });
}

}  // namespace crest::http
