#pragma once
#include "core/module.hpp"

namespace crest::modules {

// /activities: the timeline of companies, contacts and deals.
class ActivitiesModule : public Module {
 public:
  std::string_view name() const override { return "activities"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
