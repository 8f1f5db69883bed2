#include "core/redis/redis_broadcast.hpp"

#include "core/log/log.hpp"

namespace crest::redis {
namespace asio = boost::asio;

RedisBroadcast::RedisBroadcast(std::shared_ptr<Client> client, std::string url, std::string prefix)
    : client_(std::move(client)), url_(std::move(url)), prefix_(std::move(prefix)) {}

RedisBroadcast::~RedisBroadcast() { stop(); }

asio::awaitable<std::int64_t> RedisBroadcast::publish_or_throw(std::string channel, std::string payload) {
  std::vector<std::string> command{"PUBLISH", prefix_ + channel, std::move(payload)};
  auto reply = co_await client_->command(std::move(command));
  co_return reply.integer;
}

asio::awaitable<void> RedisBroadcast::publish(std::string channel, std::string payload) {
  std::string failure;
  try {
    std::string name = channel;
    co_await publish_or_throw(std::move(name), std::move(payload));
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!failure.empty()) log::warn("a Redis broadcast was not sent", {{"channel", prefix_ + channel}, {"err", failure}});
}

void RedisBroadcast::listen(std::string channel, Listener on_message, std::function<void()> on_resync) {
  listeners_.push_back({prefix_ + channel, std::move(on_message), std::move(on_resync)});
}

asio::awaitable<void> RedisBroadcast::start() {
  if (listeners_.empty() || subscriber_) co_return;
  std::vector<std::string> channels;
  for (const auto& l : listeners_) channels.push_back(l.channel);
  // The listeners are fixed from here on: the handlers read them without a lock.
  SubscriberHandlers handlers{[this](const std::string& channel, const std::string& payload) {
                                for (const auto& l : listeners_)
                                  if (l.channel == channel && l.on_message) l.on_message(payload);
                              },
                              [this] {
                                for (const auto& l : listeners_)
                                  if (l.on_resync) l.on_resync();
                              }};
  subscriber_ = std::make_unique<Subscriber>(url_, std::move(channels), std::move(handlers));
  co_await subscriber_->start();
}

void RedisBroadcast::stop() {
  if (subscriber_) subscriber_->stop();
}

}  // namespace crest::redis
