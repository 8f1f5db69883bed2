#pragma once
#include "core/module.hpp"

namespace crest::modules {

// /companies: the CRM's first module, and the pattern the others follow.
class CompaniesModule : public Module {
 public:
  std::string_view name() const override { return "companies"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
