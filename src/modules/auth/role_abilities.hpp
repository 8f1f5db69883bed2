#pragma once
// Who may do what: the rules each role gets (role_abilities.cpp is the one table).
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/abilities.hpp"

namespace crest::modules::auth {

// Title Case, as stored and sent: Owner | Admin | Operator | Pipeline | Viewer.
const std::vector<std::string>& roles();
bool is_role(std::string_view role);

crest::auth::Abilities abilities_for(std::string_view role, const std::string& user_id);

}  // namespace crest::modules::auth
