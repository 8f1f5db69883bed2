#pragma once
#include "core/module.hpp"

namespace crest::modules {

// /contacts: the people at companies.
class ContactsModule : public Module {
 public:
  std::string_view name() const override { return "contacts"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
