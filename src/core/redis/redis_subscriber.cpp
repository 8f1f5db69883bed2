#include "core/redis/redis_subscriber.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json/array.hpp>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <atomic>
#include <optional>

#include "core/log/log.hpp"
#include "core/redis/detail/hiredis_connection.hpp"

namespace crest::redis {
namespace asio = boost::asio;

namespace {
std::string text_of(const redisReply* r) {
  return r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) ? std::string(r->str, r->len)
                                                                                : std::string();
}
}  // namespace

// Everything below runs on the strand, but stop(), which runs once the loop no longer does.
struct Subscriber::Impl : std::enable_shared_from_this<Subscriber::Impl> {
  Impl(std::string u, std::vector<std::string> c, SubscriberHandlers h, ReconnectBackoff b)
      : url(std::move(u)), channels(std::move(c)), handlers(std::move(h)), backoff(b), next_wait(b.first) {}

  std::string url;
  std::vector<std::string> channels;
  SubscriberHandlers handlers;
  ReconnectBackoff backoff;
  std::chrono::milliseconds next_wait;
  std::atomic<bool> stopped{false};
  bool started = false;
  bool ever_subscribed = false;
  std::optional<detail::Strand> strand;
  std::optional<asio::steady_timer> retry_timer;
  std::shared_ptr<detail::HiredisConnection> connection;

  boost::json::array channel_list() const {
    boost::json::array out;
    for (const auto& c : channels) out.emplace_back(c);
    return out;
  }

  void connect() {
    if (stopped) return;
    try {
      std::weak_ptr<Impl> weak = shared_from_this();
      connection = detail::HiredisConnection::open(url, *strand, [weak] {
        if (auto self = weak.lock()) self->lost("the Redis subscription connection was lost");
      });
      std::vector<std::string> subscribe{"SUBSCRIBE"};
      subscribe.insert(subscribe.end(), channels.begin(), channels.end());
      // hiredis calls on_push for every reply of the subscription until the context is freed.
      if (!connection->send(subscribe, &Impl::on_push, this)) {
        connection->close();
        lost("hiredis refused SUBSCRIBE");
      }
    } catch (const std::exception& e) {
      lost(e.what());
    }
  }

  void lost(const std::string& why) {
    if (stopped) return;
    log::warn("Redis subscription down; subscribing again", {{"err", why},
                                                              {"retryInMs", static_cast<std::int64_t>(next_wait.count())},
                                                              {"channels", channel_list()}});
    retry_timer->expires_after(next_wait);
    next_wait = std::min(next_wait * 2, backoff.longest);
    retry_timer->async_wait(asio::bind_executor(*strand, [self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->connect();
    }));
  }

  static void on_push(redisAsyncContext*, void* reply, void* data) {
    auto* self = static_cast<Impl*>(data);
    // A null reply: the connection went away (on_lost reconnects) or stop() freed it.
    if (!reply || self->stopped) return;
    const auto* r = static_cast<const redisReply*>(reply);
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 3) return;
    std::string kind = text_of(r->element[0]);
    if (kind == "subscribe") {
      if (r->element[2]->type != REDIS_REPLY_INTEGER ||
          r->element[2]->integer != static_cast<long long>(self->channels.size()))
        return;  // every channel confirms on its own; the last one completes the subscription
      self->subscribed();
    } else if (kind == "message") {
      self->deliver(text_of(r->element[1]), text_of(r->element[2]));
    }
  }

  void subscribed() {
    next_wait = backoff.first;
    log::info(ever_subscribed ? "Redis subscription restored" : "Redis subscription ready",
              {{"channels", channel_list()}});
    ever_subscribed = true;
    if (!handlers.on_subscribed) return;
    try {
      handlers.on_subscribed();
    } catch (const std::exception& e) {
      log::error("a Redis subscription handler failed", {{"err", e.what()}});
    }
  }

  void deliver(const std::string& channel, const std::string& payload) {
    if (!handlers.on_message) return;
    try {
      handlers.on_message(channel, payload);
    } catch (const std::exception& e) {
      log::error("a Redis message handler failed", {{"err", e.what()}, {"channel", channel}});
    }
  }

  void stop() {
    stopped = true;
    if (connection) connection->close();  // on_push sees `stopped` and ignores the null replies
    connection.reset();
    retry_timer.reset();
    strand.reset();
  }
};

Subscriber::Subscriber(std::string url, std::vector<std::string> channels, SubscriberHandlers handlers,
                       ReconnectBackoff backoff)
    : impl_(std::make_shared<Impl>(std::move(url), std::move(channels), std::move(handlers), backoff)) {}

Subscriber::~Subscriber() { stop(); }

void Subscriber::stop() { impl_->stop(); }

asio::awaitable<void> Subscriber::start() {
  if (impl_->stopped || impl_->started) co_return;
  impl_->started = true;
  auto executor = co_await asio::this_coro::executor;
  impl_->strand.emplace(asio::make_strand(executor));
  impl_->retry_timer.emplace(*impl_->strand);
  asio::post(*impl_->strand, [impl = impl_] { impl->connect(); });
}

}  // namespace crest::redis
