#include "app/application.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <iostream>

#include "app/database_setup.hpp"
#include "common/audit_log.hpp"
#include "core/cron/scheduler.hpp"
#include "core/queue/queue_store.hpp"
#include "core/config/secrets.hpp"
#include "core/http/server.hpp"
#include "core/log/log.hpp"
#include "core/pipeline/guards.hpp"
#include "core/pipeline/interceptors.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/redis/redis_broadcast.hpp"
#include "core/redis/redis_client.hpp"
#include "core/redis/redis_rate_limit_store.hpp"
#include "crest_version.hpp"
#include "shared/storage/async_storage.hpp"

namespace crest::app {

Application::Application(Config config, std::vector<std::unique_ptr<Module>> extra_modules)
    : config_(std::move(config)), database_(open_configured_database(config_)) {
  health_.add_check("database", [db = database_.get()] { return db->ping(); });
  if (!config_.redis_url.empty()) {
    redis_ = std::make_shared<redis::Client>(config_.redis_url, config_.redis_timeout);
    // With fail-open rate limits the service works on without Redis: reported, not unready.
    health_.add_check("redis", [client = redis_] { return client->ping(); }, !config_.rate_limit_fail_open);
    broadcast_ = std::make_shared<redis::RedisBroadcast>(redis_, config_.redis_url, config_.redis_prefix);
    providers_.provide<Broadcast>(broadcast_);
  }
  metrics_.add_collector([db = database_.get()](std::string& out) {
    auto stats = db->pool_stats();
    out += fmt::format(
        "# HELP crest_db_connections Database connections by state.\n"
        "# TYPE crest_db_connections gauge\n"
        "crest_db_connections{{state=\"idle\"}} {}\ncrest_db_connections{{state=\"in_use\"}} {}\n"
        "# HELP crest_db_statements_total Statements executed.\n"
        "# TYPE crest_db_statements_total counter\ncrest_db_statements_total {}\n",
        stats.idle, stats.open - stats.idle, db->statements_executed());
    if (db->engine() == db::Engine::Sqlite)
      out += fmt::format(
          "# HELP crest_db_commits_total Commits of write transactions (queued ones commit together).\n"
          "# TYPE crest_db_commits_total counter\ncrest_db_commits_total {}\n",
          db->commits());
  });
  // One store for every throttle: the routes' (ThrottleGuard) and the ones services keep (a
  // refresh token's session).
  providers_.provide<RateLimitStore>(
      redis_ ? redis::make_redis_rate_limit_store(redis_, config_.redis_prefix, config_.rate_limit_fail_open)
             : make_memory_rate_limit_store());
  // Files (exports, imports) on local disk or an S3-compatible store; calls run off the event loop.
  // (Nothing is logged here: `crest openapi` and `crest contracts` print their documents on stdout.)
  providers_.provide<storage::AsyncStorage>(
      std::make_shared<storage::AsyncStorage>(std::shared_ptr<storage::Storage>(storage::make_storage(config_))));
  modules_ = product_modules();
  for (auto& module : extra_modules) modules_.push_back(std::move(module));
  declare_framework_crons();
  ModuleContext ctx{config_, router_, health_, metrics_, *database_, providers_, jobs_, crons_};
  for (auto& module : modules_) module->register_routes(ctx);
}

void Application::declare_framework_crons() {
  // Cron runs stay a week (a daily cron's last run, and what it removed, is always there for
  // `crest maintenance status`), however many the every-minute queue.retention adds.
  jobs_.retain("crons", queue::Retention{20'000, std::chrono::hours(24 * 7), 20'000, std::chrono::hours(24 * 30)});
  // Finished jobs past their queue's retention, and cron ticks older than a day (each schedule's
  // newest stays: its next tick counts from it).
  crons_
      .add("queue.retention", config_.job_retention_schedule, {},
           [this](queue::JobContext& tick) -> boost::asio::awaitable<boost::json::value> {
             queue::QueueStore store(tick.database());
             auto now = std::chrono::system_clock::now();
             std::int64_t jobs = 0;
             for (const auto& name : jobs_.queues()) {
               auto retention = jobs_.retention(name);
               jobs += co_await store.remove_finished(name, retention, now);
             }
             auto day_ago = now - std::chrono::hours(24);
             std::int64_t ticks = co_await cron::prune_ticks(tick.database(), day_ago);
             co_return boost::json::object{{"removed", boost::json::object{{"jobs", jobs}, {"cronTicks", ticks}}}};
           })
      .attempts(1)
      .timeout(std::chrono::minutes(5));
}

Application::~Application() = default;

bool ensure_jwt_secret(Config& config) {
  if (!config.jwt_secret.empty()) return true;  // load_config already refused a short one in production
  try {
    config.jwt_secret = load_or_create_secret(config.data_dir, "jwt-secret");
    return true;
  } catch (const std::exception& e) {
    std::cerr << "crest: cannot create the JWT secret under CREST_DATA_DIR: " << e.what() << "\n";
    return false;
  }
}

void init_logging(const Config& config) {
  log::Level level = log::Level::Info;
  bool silent = false;
  log::parse_level(config.log_level, level, silent);
  bool pretty = config.log_format == "pretty" || (config.log_format == "auto" && isatty(STDOUT_FILENO));
  log::init(level, pretty ? log::Format::Pretty : log::Format::Json, silent);
}

ApiInfo Application::api_info() {
  return ApiInfo{"crest API", kCrestVersion,
                 "Multi-tenant SaaS backend: the CRM reference service built on the crest framework."};
}

int Application::serve() {
  auto started = std::chrono::steady_clock::now();
  if (config_.jwt_secret.size() < 32) {
    log::fatal("JWT_SECRET is missing or shorter than 32 bytes; refusing to serve", {});
    return 1;
  }
  std::vector<http::AddressBlock> proxies;
  for (const auto& cidr : config_.trusted_proxies) proxies.push_back(*http::AddressBlock::parse(cidr));
  Pipeline pipeline(router_, PipelineOptions{config_.body_limit, config_.cors_origins, !config_.production(),
                                             config_.hsts_max_age, http::TrustedProxies(std::move(proxies))});
  pipeline.use(std::make_shared<ThrottleGuard>(providers_.find<RateLimitStore>()));
  pipeline.use(std::make_shared<AuthGuard>(providers_.find<Authenticator>()));
  pipeline.use(std::make_shared<AbilityGuard>());
  pipeline.use(std::make_shared<common::AuditLog>(*database_));
  pipeline.use(std::make_shared<AccessLogInterceptor>());
  pipeline.use(std::make_shared<MetricsInterceptor>(metrics_));

  http::ServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  options.threads = config_.threads;
  options.request_timeout = config_.request_timeout;
  options.idle_timeout = config_.idle_timeout;
  options.shutdown_timeout = config_.shutdown_timeout;
  options.max_connections = config_.max_connections;
  http::Server server(options, pipeline);
  // A server whose acceptor died takes no new connection: not ready (serve() runs once).
  health_.add_check("acceptor", [&server]() -> boost::asio::awaitable<HealthCheckResult> {
    std::string failure = server.acceptor_failure();
    co_return HealthCheckResult{failure.empty(), failure};
  });
  server.spawn([this] { return database_->warm_up(); });
  if (broadcast_) server.spawn([broadcast = broadcast_] { return broadcast->start(); });
  std::uint16_t port = 0;
  try {
    port = server.listen();
  } catch (const std::exception& e) {
    log::fatal("cannot listen", {{"host", config_.host}, {"port", config_.port}, {"err", e.what()}});
    return 1;
  }
  double startup_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  log::info("Server listening", {{"host", config_.host},
                                 {"port", port},
                                 {"threads", config_.threads},
                                 {"env", config_.env},
                                 {"startupMs", startup_ms}});
  server.run([this] { health_.set_draining(); });
  database_->close();  // before the server's event loop, which its connections use, goes away
  if (broadcast_) broadcast_->stop();
  if (redis_) redis_->close();
  log::info("Server stopped");
  return 0;
}

}  // namespace crest::app
