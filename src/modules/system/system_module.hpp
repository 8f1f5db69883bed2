#pragma once
// The smallest module: GET /api/v1/version. It shows the module pattern every feature follows.
#include "core/module.hpp"

namespace crest::modules {

class SystemModule : public Module {
 public:
  std::string_view name() const override { return "system"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
