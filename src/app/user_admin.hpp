#pragma once
// `crest users deactivate|activate EMAIL`: an operator's switch for an account. A deactivated user
// can neither sign in nor refresh, and every session of theirs ends (access tokens included: at
// once on a server's next cache refresh, within seconds).
#include <string>

#include "core/config/config.hpp"

namespace crest::app {

// Returns the exit code: 0 done, 1 no such user or a database failure.
int set_user_active_command(const Config& config, const std::string& email, bool active);

}  // namespace crest::app
