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
  // A check that is not critical is reported but does not make the service unready (a degraded
  // dependency the service works around, such as Redis for fail-open rate limits).
  void add_check(std::string name, HealthCheck check, bool critical = true);
  void set_draining() noexcept { draining_ = true; }
  bool draining() const noexcept { return draining_; }
  boost::asio::awaitable<Readiness> readiness() const;

 private:
  struct Entry {
    std::string name;
    HealthCheck check;
    bool critical;
  };
  std::vector<Entry> checks_;
  std::atomic<bool> draining_{false};
};

}  // namespace crest
