#pragma once
// A feature module: registers its routes (and, in later issues, its jobs and crons) with the
// application. main.cpp is nothing but the list of modules.
#include <string_view>

#include "core/config/config.hpp"
#include "core/db/database.hpp"
#include "core/health/health.hpp"
#include "core/metrics/metrics.hpp"
#include "core/pipeline/router.hpp"

namespace crest {

struct ModuleContext {
  const Config& config;
  Router& router;
  Health& health;
  Metrics& metrics;
  db::Database& db;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string_view name() const = 0;
  virtual void register_routes(ModuleContext& ctx) = 0;
};

}  // namespace crest
