#include "core/health/health.hpp"

#include <boost/json.hpp>

namespace crest {

void Health::add_check(std::string name, HealthCheck check, bool critical) {
  checks_.push_back({std::move(name), std::move(check), critical});
}

boost::asio::awaitable<Readiness> Health::readiness() const {
  Readiness out;
  if (draining_) {
    out.ready = false;
    out.checks["server"] = {{"status", "down"}, {"detail", "draining for shutdown"}};
  }
  for (const auto& [name, check, critical] : checks_) {
    HealthCheckResult result;
    try {
      result = co_await check();
    } catch (const std::exception& e) {
      result = {false, e.what()};
    }
    boost::json::object entry{{"status", result.up ? "up" : (critical ? "down" : "degraded")}};
    if (!result.detail.empty()) entry["detail"] = result.detail;
    out.checks[name] = std::move(entry);
    out.ready = out.ready && (result.up || !critical);
  }
  co_return out;
}

}  // namespace crest
