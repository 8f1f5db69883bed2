#include "core/redis/redis_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <atomic>
#include <mutex>
#include <optional>

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
  std::optional<asio::strand<asio::any_io_executor>> strand;
  std::atomic<bool> closed{false};
  std::optional<asio::posix::stream_descriptor> socket;
  redisAsyncContext* context = nullptr;
  bool want_read = false, want_write = false, waiting_read = false, waiting_write = false;

  // hiredis event hooks (called on the strand, from inside hiredis).
  static void add_read(void* data) { static_cast<Impl*>(data)->watch(true); }
  static void del_read(void* data) { static_cast<Impl*>(data)->want_read = false; }
  static void add_write(void* data) { static_cast<Impl*>(data)->watch(false); }
  static void del_write(void* data) { static_cast<Impl*>(data)->want_write = false; }
  static void cleanup(void* data) {
    auto* self = static_cast<Impl*>(data);
    self->want_read = self->want_write = false;
    if (self->socket && self->socket->is_open()) {
      boost::system::error_code ignored;
      self->socket->cancel(ignored);
      self->socket->release();  // hiredis closes the descriptor itself
    }
  }
  static void on_disconnect(const redisAsyncContext* context, int) {
    auto* self = static_cast<Impl*>(context->ev.data);
    if (self && self->context == context) self->context = nullptr;  // hiredis frees it after this
  }
  static void on_connect(const redisAsyncContext* context, int status) {
    if (status != REDIS_OK) on_disconnect(context, status);
  }

  void watch(bool read) {
    (read ? want_read : want_write) = true;
    bool& waiting = read ? waiting_read : waiting_write;
    if (waiting || !socket || !socket->is_open()) return;
    waiting = true;
    auto kind = read ? asio::posix::stream_descriptor::wait_read : asio::posix::stream_descriptor::wait_write;
    socket->async_wait(kind, asio::bind_executor(*strand, [self = shared_from_this(), read](boost::system::error_code ec) {
      (read ? self->waiting_read : self->waiting_write) = false;
      if (ec || !self->context) return;
      if (read && self->want_read) redisAsyncHandleRead(self->context);
      if (!read && self->want_write) redisAsyncHandleWrite(self->context);
      if (self->context && (read ? self->want_read : self->want_write)) self->watch(read);
    }));
  }

  // On the strand: a live context, connecting if needed (hiredis queues commands meanwhile).
  void ensure_connected() {
    if (context) return;
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) throw RedisUnavailable("REDIS_URL is not a valid URL");
    std::string host = parsed->host().empty() ? "127.0.0.1" : std::string(parsed->host());
    int port = parsed->has_port() ? parsed->port_number() : 6379;
    redisAsyncContext* c = redisAsyncConnect(host.c_str(), port);
    if (!c || c->err) {
      std::string message = c ? c->errstr : "out of memory";
      if (c) redisAsyncFree(c);
      throw RedisUnavailable("cannot connect to Redis: " + message);
    }
    context = c;
    c->ev.data = this;
    c->ev.addRead = &Impl::add_read;
    c->ev.delRead = &Impl::del_read;
    c->ev.addWrite = &Impl::add_write;
    c->ev.delWrite = &Impl::del_write;
    c->ev.cleanup = &Impl::cleanup;
    redisAsyncSetConnectCallback(c, &Impl::on_connect);
    redisAsyncSetDisconnectCallback(c, &Impl::on_disconnect);
    socket.emplace(strand->get_inner_executor(), c->c.fd);
    watch(false);  // the non-blocking connect completes when the socket is writable
    std::string password(parsed->password());
    if (!password.empty()) send_silently({"AUTH", password});
    std::string path(parsed->path());
    if (path.size() > 1) send_silently({"SELECT", path.substr(1)});
  }

  void send_silently(const std::vector<std::string>& args) { send(args, nullptr); }

  void send(const std::vector<std::string>& args, std::shared_ptr<Pending> pending) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto* holder = pending ? new std::shared_ptr<Pending>(std::move(pending)) : nullptr;
    int rc = redisAsyncCommandArgv(context, &Impl::on_reply, holder, static_cast<int>(argv.size()), argv.data(),
                                   lengths.data());
    if (rc != REDIS_OK && holder) {
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
    if (context) {
      redisAsyncContext* c = context;
      context = nullptr;
      redisAsyncFree(c);  // fails pending callbacks, then calls cleanup (releases the descriptor)
    }
    socket.reset();
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
