#pragma once
#include "core/module.hpp"

namespace crest::modules {

// /workspaces, /members and /invitations. Uses what AuthModule provides.
class WorkspacesModule : public Module {
 public:
  std::string_view name() const override { return "workspaces"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
