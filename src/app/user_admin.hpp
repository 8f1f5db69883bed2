#pragma once
// `crest users deactivate|activate EMAIL`: an operator's switch for an account. A deactivated user
// can neither sign in nor refresh, and every session of theirs ends (access tokens included: at
// once on the servers sharing REDIS_URL, told through it; else within CREST_AUTH_CACHE_TTL).
#include <string>

#include "core/config/config.hpp"

namespace crest::app {

// Returns the exit code: 0 done, 1 no such user or a database failure.
int set_user_active_command(const Config& config, const std::string& email, bool active);

}  // namespace crest::app
