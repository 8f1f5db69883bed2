// `crest worker`: the declared jobs of every module (or of --queues), with /health and /metrics on
// CREST_WORKER_PORT, in a process of its own (seed 002, P8: one process for API and workers is a
// bug). SIGTERM stops claiming, lets running jobs finish within CREST_SHUTDOWN_TIMEOUT, hands the
// rest back and exits 0.
#include <fmt/format.h>

#include "app/application.hpp"
#include "common/job_audit_log.hpp"
#include "core/http/server.hpp"
#include "core/log/log.hpp"
#include "core/ops/operational_routes.hpp"
#include "core/pipeline/interceptors.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/cron/scheduler.hpp"
#include "core/queue/worker.hpp"
#include "core/redis/redis_broadcast.hpp"
#include "core/redis/redis_client.hpp"

namespace crest::app {

int Application::work(const WorkOptions& options) {
  if (config_.jwt_secret.size() < 32) {
    log::fatal("JWT_SECRET is missing or shorter than 32 bytes; refusing to work (mail links are sealed with it)", {});
    return 1;
  }
  for (const auto& rate : config_.queue_rate_limits) jobs_.limit(rate.queue, {rate.max, rate.per});
  queue::WorkerOptions worker_options;
  worker_options.default_concurrency = options.concurrency > 0 ? options.concurrency : config_.worker_concurrency;
  for (const auto& name : options.queues) worker_options.queues.push_back({name, worker_options.default_concurrency});
  worker_options.lease = config_.job_lease;
  worker_options.shutdown_timeout = config_.shutdown_timeout;
  worker_options.audit = std::make_shared<common::JobAuditLog>();
  worker_options.metrics = std::make_shared<queue::JobMetrics>();
  std::vector<std::string> queues;
  for (const auto& q : worker_options.queues) queues.push_back(q.name);
  if (queues.empty()) queues = jobs_.queues();
  for (const auto& name : queues) {
    bool declared = false;
    for (const auto& [job, definition] : jobs_.all()) declared = declared || definition->queue_name() == name;
    if (!declared) {
      log::fatal("no job is declared on this queue", {{"queue", name}});
      return 2;
    }
  }
  queue::Worker worker(*database_, jobs_, worker_options);
  // The crons on this worker's queues: each tick enqueued once across workers, then run here or
  // by whichever worker claims it first.
  cron::Scheduler scheduler(*database_, crons_, jobs_, {queues, [&worker] { worker.wake(); }});
  metrics_.add_collector([&worker, job_metrics = worker_options.metrics](std::string& out) {
    out += fmt::format("# HELP crest_jobs_running Jobs this worker runs now.\n# TYPE crest_jobs_running gauge\n"
                       "crest_jobs_running {}\n",
                       worker.running());
    job_metrics->render(out);
  });

  // Only the operational routes on the worker's port.
  Router routes;
  Providers none;
  queue::JobRegistry no_jobs;
  cron::CronRegistry no_crons(no_jobs);
  ModuleContext ctx{config_, routes, health_, metrics_, *database_, none, no_jobs, no_crons};
  OperationalModule(api_info()).register_routes(ctx);
  Pipeline pipeline(routes, PipelineOptions{config_.body_limit, {}, !config_.production(), config_.hsts_max_age, {}});
  pipeline.use(std::make_shared<MetricsInterceptor>(metrics_));

  http::ServerOptions server_options;
  server_options.host = config_.host;
  server_options.port = config_.worker_port;
  server_options.threads = 1;
  // The worker's own drain is bounded by CREST_SHUTDOWN_TIMEOUT; the server waits for it.
  server_options.shutdown_timeout = config_.shutdown_timeout + std::chrono::seconds(5);
  http::Server server(server_options, pipeline);
  server.spawn([this] { return database_->warm_up(); });
  if (broadcast_) server.spawn([broadcast = broadcast_] { return broadcast->start(); });
  server.run_alongside([&worker] { return worker.run(); });
  server.run_alongside([&scheduler] { return scheduler.run(); });
  std::uint16_t port = 0;
  try {
    port = server.listen();
  } catch (const std::exception& e) {
    log::fatal("cannot listen", {{"host", config_.host}, {"port", config_.worker_port}, {"err", e.what()}});
    return 1;
  }
  boost::json::array queue_names;
  for (const auto& name : queues) queue_names.emplace_back(name);
  log::info("Worker running", {{"port", port}, {"queues", std::move(queue_names)},
                               {"concurrency", worker_options.default_concurrency}, {"crons", scheduler.size()},
                               {"env", config_.env}});
  server.run([this, &worker, &scheduler] {
    health_.set_draining();
    scheduler.stop();
    worker.stop();
  });
  database_->close();
  if (broadcast_) broadcast_->stop();
  if (redis_) redis_->close();
  return 0;
}

}  // namespace crest::app
