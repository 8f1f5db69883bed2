// The floor: the barest Boost.Beast coroutine server answering a fixed JSON body, same thread
// model as crest (one io_context, N threads). crest's throughput is reported as a ratio of this.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <iostream>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

asio::awaitable<void> session(tcp::socket socket) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    http::request<http::string_body> request;
    auto [read_ec, n] = co_await http::async_read(socket, buffer, request, asio::as_tuple(asio::use_awaitable));
    if (read_ec) break;
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.set(http::field::content_type, "application/json");
    response.body() = R"({"success":true,"data":{"status":"ok"}})";
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    auto [write_ec, m] = co_await http::async_write(socket, response, asio::as_tuple(asio::use_awaitable));
    if (write_ec || !response.keep_alive()) break;
  }
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor) {
  for (;;) {
    auto socket = co_await acceptor.async_accept(asio::make_strand(acceptor.get_executor()), asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(socket.get_executor(), session(std::move(socket)), asio::detached);
  }
}

int main(int argc, char** argv) {
  int port = argc > 1 ? std::atoi(argv[1]) : 8088;
  int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  asio::io_context ioc(threads);
  tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  asio::co_spawn(ioc, listen(acceptor), asio::detached);
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](auto, auto) { ioc.stop(); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
}
