#pragma once
#include "core/module.hpp"

namespace crest::modules {

// /auth/* and /me. Provides the TokenService, the PasswordHasher and the Authenticator to the
// modules registered after it.
class AuthModule : public Module {
 public:
  std::string_view name() const override { return "auth"; }
  void register_routes(ModuleContext& ctx) override;
};

}  // namespace crest::modules
