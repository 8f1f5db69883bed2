#include "core/redis/redis_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <atomic>
#include <mutex>
#include <optional>

#include "core/redis/detail/hiredis_connection.hpp"

namespace crest::redis {
namespace asio = boost::asio;

namespace {

Reply convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER: out.type = Reply::Type::Integer; out.integer = r->integer; break;
    case REDIS_REPLY_STRING: out.type = Reply::Type::String; out.text.assign(r->str, r->len); break;
    case REDIS_REPLY_STATUS: out.type = Reply::Type::Status; out.text.assign(r->str, r->len); break;
    case REDIS_REPLY_ERROR: out.type = Reply::Type::Error; out.text.assign(r->str, r->len); break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::Array;
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
      break;
    default: out.type = Reply::Type::Nil;
  }
  return out;
}

// A command in flight: the hiredis callback fills it (on the connection's strand) and wakes the
// waiting coroutine by cancelling its timer on that coroutine's executor.
struct Pending {
  explicit Pending(asio::any_io_executor executor) : timer(std::move(executor)) {}
  asio::steady_timer timer;
  std::mutex mutex;
  std::optional<Reply> reply;
  std::string failure;
  bool done = false;
};

void finish(const std::shared_ptr<Pending>& pending, std::optional<Reply> reply, std::string failure) {
  {
    std::lock_guard lock(pending->mutex);
    if (pending->done) return;
    pending->done = true;
    pending->reply = std::move(reply);
    pending->failure = std::move(failure);
  }
  asio::post(pending->timer.get_executor(), [pending] { pending->timer.cancel(); });
}

// Waits on the pending command's timer, and only once the wait is on it runs `issue`: otherwise a
// reply could arrive first on another thread and cancel the timer while this thread still
// starts the wait (one steady_timer used by two threads at once, and a wake-up lost).
template <typename Issue, typename Token>
auto async_wait_then_issue(std::shared_ptr<Pending> pending, Issue issue, Token&& token) {
  auto initiation = [](auto handler, std::shared_ptr<Pending> p, Issue start) {
    p->timer.async_wait(std::move(handler));
    start();
  };
  return asio::async_initiate<Token, void(boost::system::error_code)>(initiation, token, std::move(pending),
                                                                      std::move(issue));
}

}  // namespace

struct Client::Impl : std::enable_shared_from_this<Client::Impl> {
  Impl(std::string u, std::chrono::milliseconds t) : url(std::move(u)), timeout(t) {}

  std::string url;
  std::chrono::milliseconds timeout;
  // The connection's strand, made on the first command from that command's event loop (the
  // client is built before the loop exists): once, however many threads start at the same time.
  std::once_flag strand_made;
  std::optional<detail::Strand> strand;
  std::atomic<bool> closed{false};
  std::shared_ptr<detail::HiredisConnection> connection;  // on the strand; replaced once lost

  // On the strand: a live connection, connecting if needed (hiredis queues commands meanwhile).
  void ensure_connected() {
    if (connection && connection->alive()) return;
    connection = detail::HiredisConnection::open(url, *strand);
  }

  void send(const std::vector<std::string>& args, std::shared_ptr<Pending> pending) {
    auto* holder = new std::shared_ptr<Pending>(std::move(pending));
    if (!connection->send(args, &Impl::on_reply, holder)) {
      finish(*holder, std::nullopt, "Redis refused the command");
      delete holder;
    }
  }

  static void on_reply(redisAsyncContext*, void* reply, void* data) {
    if (!data) return;
    std::unique_ptr<std::shared_ptr<Pending>> holder(static_cast<std::shared_ptr<Pending>*>(data));
    if (!reply) return finish(*holder, std::nullopt, "the Redis connection was lost");
    finish(*holder, convert(static_cast<redisReply*>(reply)), {});
  }

  // Issues the command on the connection's strand (a coroutine of its own, parameters by value).
  static asio::awaitable<void> issue(std::shared_ptr<Impl> impl, std::vector<std::string> args,
                                     std::shared_ptr<Pending> pending) {
    try {
      impl->ensure_connected();
      impl->send(args, pending);
    } catch (const std::exception& e) {
      finish(pending, std::nullopt, e.what());
    }
    co_return;
  }

  void make_strand_once(const asio::any_io_executor& executor) {
    std::call_once(strand_made, [&] { strand.emplace(asio::make_strand(executor)); });
  }

  // Frees the connection and every Asio object bound to the event loop; later commands fail.
  void drop() {
    closed = true;
    if (connection) connection->close();  // fails pending callbacks, releases the descriptor
    connection.reset();
    strand.reset();
  }
};


Client::Client(std::string url, std::chrono::milliseconds command_timeout)
    : impl_(std::make_shared<Impl>(std::move(url), command_timeout)) {}

Client::~Client() { close(); }

void Client::close() { impl_->drop(); }

asio::awaitable<Reply> Client::command(std::vector<std::string> args) {
  if (impl_->closed) throw RedisUnavailable("the Redis client is closed");
  auto executor = co_await asio::this_coro::executor;
  impl_->make_strand_once(executor);
  auto pending = std::make_shared<Pending>(executor);
  pending->timer.expires_after(impl_->timeout);
  auto issue = [impl = impl_, args = std::move(args), pending]() mutable {
    asio::co_spawn(*impl->strand, Impl::issue(impl, std::move(args), pending), asio::detached);
  };
  co_await async_wait_then_issue(pending, std::move(issue), asio::as_tuple(asio::use_awaitable));
  std::lock_guard lock(pending->mutex);
  if (!pending->done) {
    pending->done = true;
    throw RedisUnavailable("Redis did not answer within " + std::to_string(impl_->timeout.count()) + " ms");
  }
  if (!pending->reply) throw RedisUnavailable(pending->failure);
  if (pending->reply->type == Reply::Type::Error) throw RedisUnavailable("Redis error: " + pending->reply->text);
  co_return std::move(*pending->reply);
}

asio::awaitable<HealthCheckResult> Client::ping() {
  try {
    std::vector<std::string> ping_command{"PING"};
    auto reply = co_await command(std::move(ping_command));
    co_return HealthCheckResult{reply.text == "PONG", {}};
  } catch (const std::exception& e) {
    co_return HealthCheckResult{false, e.what()};
  }
}

}  // namespace crest::redis
