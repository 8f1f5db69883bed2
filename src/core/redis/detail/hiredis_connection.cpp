#include "core/redis/detail/hiredis_connection.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/url/parse.hpp>

#include "core/redis/redis_client.hpp"

namespace crest::redis::detail {
namespace asio = boost::asio;

std::shared_ptr<HiredisConnection> HiredisConnection::open(const std::string& url, const Strand& strand,
                                                           std::function<void()> on_lost) {
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
  std::shared_ptr<HiredisConnection> connection(new HiredisConnection(std::move(on_lost)));
  connection->strand_.emplace(strand);
  connection->context_ = c;
  c->ev.data = connection.get();
  c->ev.addRead = &HiredisConnection::add_read;
  c->ev.delRead = &HiredisConnection::del_read;
  c->ev.addWrite = &HiredisConnection::add_write;
  c->ev.delWrite = &HiredisConnection::del_write;
  c->ev.cleanup = &HiredisConnection::cleanup;
  redisAsyncSetConnectCallback(c, &HiredisConnection::on_connect);
  redisAsyncSetDisconnectCallback(c, &HiredisConnection::on_disconnect);
  connection->socket_.emplace(strand.get_inner_executor(), c->c.fd);
  connection->watch(false);  // the non-blocking connect completes when the socket is writable
  std::string password(parsed->password());
  if (!password.empty()) connection->send({"AUTH", password}, nullptr, nullptr);
  std::string path(parsed->path());
  if (path.size() > 1) connection->send({"SELECT", path.substr(1)}, nullptr, nullptr);
  return connection;
}

HiredisConnection::~HiredisConnection() { close(); }

bool HiredisConnection::send(const std::vector<std::string>& args, redisCallbackFn* callback, void* data) {
  if (!context_) return false;
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  return redisAsyncCommandArgv(context_, callback, data, static_cast<int>(argv.size()), argv.data(),
                               lengths.data()) == REDIS_OK;
}

void HiredisConnection::close() {
  if (context_) {
    redisAsyncContext* c = context_;
    context_ = nullptr;  // on_disconnect sees a context that is no longer ours: no on_lost
    redisAsyncFree(c);   // fails pending callbacks, then calls cleanup (releases the descriptor)
  }
  // Nothing bound to the event loop may outlive it: a wait handler still queued holds this
  // object, and the loop destroys such handlers last.
  socket_.reset();
  strand_.reset();
}

void HiredisConnection::add_read(void* data) { static_cast<HiredisConnection*>(data)->watch(true); }
void HiredisConnection::del_read(void* data) { static_cast<HiredisConnection*>(data)->want_read_ = false; }
void HiredisConnection::add_write(void* data) { static_cast<HiredisConnection*>(data)->watch(false); }
void HiredisConnection::del_write(void* data) { static_cast<HiredisConnection*>(data)->want_write_ = false; }

void HiredisConnection::cleanup(void* data) {
  auto* self = static_cast<HiredisConnection*>(data);
  self->want_read_ = self->want_write_ = false;
  if (self->socket_ && self->socket_->is_open()) {
    boost::system::error_code ignored;
    self->socket_->cancel(ignored);
    self->socket_->release();  // hiredis closes the descriptor itself
  }
}

void HiredisConnection::on_disconnect(const redisAsyncContext* context, int) {
  auto* self = static_cast<HiredisConnection*>(context->ev.data);
  if (!self || self->context_ != context) return;
  self->context_ = nullptr;  // hiredis frees it after this
  if (self->on_lost_) self->on_lost_();
}

void HiredisConnection::on_connect(const redisAsyncContext* context, int status) {
  if (status != REDIS_OK) on_disconnect(context, status);
}

void HiredisConnection::watch(bool read) {
  (read ? want_read_ : want_write_) = true;
  bool& waiting = read ? waiting_read_ : waiting_write_;
  if (waiting || !socket_ || !socket_->is_open()) return;
  waiting = true;
  auto kind = read ? asio::posix::stream_descriptor::wait_read : asio::posix::stream_descriptor::wait_write;
  socket_->async_wait(kind, asio::bind_executor(*strand_, [self = shared_from_this(), read](boost::system::error_code ec) {
    (read ? self->waiting_read_ : self->waiting_write_) = false;
    if (ec || !self->context_) return;
    if (read && self->want_read_) redisAsyncHandleRead(self->context_);
    if (!read && self->want_write_) redisAsyncHandleWrite(self->context_);
    if (self->context_ && (read ? self->want_read_ : self->want_write_)) self->watch(read);
  }));
}

}  // namespace crest::redis::detail
