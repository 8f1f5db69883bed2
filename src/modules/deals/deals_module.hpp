#pragma once
#include "core/module.hpp"

namespace crest::modules {

// /deals and /pipeline.
class DealsModule : public Module {
 public:
  std::string_view name() const override { return "deals"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
