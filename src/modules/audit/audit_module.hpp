#pragma once
#include "core/module.hpp"

namespace crest::modules {

// GET /audit-logs: the workspace's audit entries, newest first (Admins and Owners).
class AuditModule : public Module {
 public:
  std::string_view name() const override { return "audit"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
