#pragma once
// /jobs: the workspace's jobs (list, one, retry a failed one, cancel one not started), behind the
// Job abilities of the role table.
#include "core/module.hpp"

namespace crest::modules {

class JobsModule : public Module {
 public:
  std::string_view name() const override { return "jobs"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
