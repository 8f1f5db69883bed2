#pragma once
// The session Database::read_once hands its body: it runs one statement on the session it wraps
// and refuses a second (which would not share the first one's snapshot or settings).
#include <stdexcept>
#include <string>

#include "core/db/database.hpp"

namespace crest::db::detail {

class OneStatementSession : public Session {
 public:
  explicit OneStatementSession(Session& inner) : inner_(inner) {}
  Engine engine() const noexcept override { return inner_.engine(); }
  boost::asio::awaitable<Result> query(std::string_view sql, Params params) override {
    if (ran_) throw std::logic_error("Database::read_once ran a second statement: " + std::string(sql.substr(0, 80)));
    ran_ = true;
    co_return co_await inner_.query(sql, std::move(params));
  }
  boost::asio::awaitable<void> execute_script(std::string_view) override {
    throw std::logic_error("Database::read_once runs no scripts");
  }
  void defer(std::string_view sql, Params params) override { inner_.defer(sql, std::move(params)); }
  void defer_write(std::string_view, Params) override { throw std::logic_error("Database::read_once runs no writes"); }

 private:
  Session& inner_;
  bool ran_ = false;
};

}  // namespace crest::db::detail
