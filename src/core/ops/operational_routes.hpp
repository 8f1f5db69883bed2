#pragma once
// The public operational surface: /health/live, /health/ready, /metrics, /openapi.json, /docs.
#include "core/module.hpp"
#include "core/openapi/openapi.hpp"

namespace crest {

class OperationalModule : public Module {
 public:
  explicit OperationalModule(ApiInfo info) : info_(std::move(info)) {}
  std::string_view name() const override { return "operational"; }
  void register_routes(ModuleContext& ctx) override;

 private:
  ApiInfo info_;
};

}  // namespace crest
