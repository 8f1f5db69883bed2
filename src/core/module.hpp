#pragma once
// A feature module: registers its routes, its jobs and its crons with the
// application. main.cpp is nothing but the list of modules.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>

#include "core/config/config.hpp"
#include "core/cron/cron_registry.hpp"
#include "core/db/database.hpp"
#include "core/health/health.hpp"
#include "core/metrics/metrics.hpp"
#include "core/pipeline/router.hpp"
#include "core/queue/job.hpp"

namespace crest {

// What modules share with each other and with the application (NestJS's providers/exports): the
// auth module provides its Authenticator, the workspaces module uses its token service.
class Providers {
 public:
  template <class T>
  void provide(std::shared_ptr<T> service) {
    services_[std::type_index(typeid(T))] = std::move(service);
  }
  template <class T>
  std::shared_ptr<T> find() const {
    auto it = services_.find(std::type_index(typeid(T)));
    return it == services_.end() ? nullptr : std::static_pointer_cast<T>(it->second);
  }
  // Throws std::logic_error when no earlier module provided T (a module-order mistake).
  template <class T>
  std::shared_ptr<T> get() const {
    auto service = find<T>();
    if (!service) throw std::logic_error(std::string("no module provides ") + typeid(T).name());
    return service;
  }

 private:
  std::unordered_map<std::type_index, std::shared_ptr<void>> services_;
};

struct ModuleContext {
  const Config& config;
  Router& router;
  Health& health;
  Metrics& metrics;
  db::Database& db;
  Providers& providers;
  queue::JobRegistry& jobs;  // the jobs a module declares, run by `crest worker`
  cron::CronRegistry& crons;  // the crons it declares: jobs `crest worker` enqueues on a schedule
};

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string_view name() const = 0;
  virtual void register_routes(ModuleContext& ctx) = 0;
};

}  // namespace crest
