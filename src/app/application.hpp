#pragma once
// The composition root: configuration, observability, the router with every module's routes,
// and the pipeline that serves them.
#include <memory>
#include <vector>

#include "core/config/config.hpp"
#include "core/db/database.hpp"
#include "core/health/health.hpp"
#include "core/metrics/metrics.hpp"
#include "core/module.hpp"
#include "core/openapi/openapi.hpp"
#include "core/pipeline/router.hpp"

namespace crest::redis {
class Client;
class RedisBroadcast;
}

namespace crest::app {

class Application {
 public:
  // extra_modules come after the product's (tests add fixture routes this way).
  explicit Application(Config config, std::vector<std::unique_ptr<Module>> extra_modules = {});
  ~Application();

  const Config& config() const noexcept { return config_; }
  Router& router() noexcept { return router_; }
  Health& health() noexcept { return health_; }
  Metrics& metrics() noexcept { return metrics_; }
  db::Database& database() noexcept { return *database_; }
  static ApiInfo api_info();

  // Runs the HTTP server until SIGTERM/SIGINT; returns the process exit code.
  int serve();
  // Runs the job worker (every declared job of `queues`, or of all queues) with /health and
  // /metrics on CREST_WORKER_PORT, until SIGTERM/SIGINT, then drains; the exit code.
  struct WorkOptions {
    std::vector<std::string> queues;  // empty: every queue
    int concurrency = 0;              // 0: CREST_WORKER_CONCURRENCY
  };
  int work(const WorkOptions& options);
  queue::JobRegistry& jobs() noexcept { return jobs_; }
  cron::CronRegistry& crons() noexcept { return crons_; }

 private:
  // The framework's own crons (queue.retention).
  void declare_framework_crons();

  Config config_;
  std::unique_ptr<db::Database> database_;
  std::shared_ptr<redis::Client> redis_;  // when REDIS_URL is set
  std::shared_ptr<redis::RedisBroadcast> broadcast_;  // with redis_: what every instance must hear
  Metrics metrics_;
  Health health_;
  Router router_;
  Providers providers_;
  queue::JobRegistry jobs_;
  cron::CronRegistry crons_{jobs_};
  std::vector<std::unique_ptr<Module>> modules_;
};

// Outside production an unset JWT_SECRET is generated once under CREST_DATA_DIR; false (after
// printing why) when that fails.
bool ensure_jwt_secret(Config& config);

// LOG_LEVEL and CREST_LOG_FORMAT (auto: pretty on a terminal, JSON lines otherwise).
void init_logging(const Config& config);

// Every module of the product, in registration order (modules.cpp).
std::vector<std::unique_ptr<Module>> product_modules();

}  // namespace crest::app
