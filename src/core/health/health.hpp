#pragma once
// Liveness and readiness. Subsystems register readiness checks (database, Redis); readiness also
// fails while the server drains.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace crest {

struct HealthCheckResult {
  bool up = true;
  std::string detail;
};

using HealthCheck = std::function<boost::asio::awaitable<HealthCheckResult>()>;

struct Readiness {
  bool ready = true;
  boost::json::object checks;  // name -> {"status":"up"|"down", "detail"?}
};

class Health {
 public:
  void add_check(std::string name, HealthCheck check);
  void set_draining() noexcept { draining_ = true; }
  bool draining() const noexcept { return draining_; }
  boost::asio::awaitable<Readiness> readiness() const;

 private:
  std::vector<std::pair<std::string, HealthCheck>> checks_;
  std::atomic<bool> draining_{false};
};

}  // namespace crest
