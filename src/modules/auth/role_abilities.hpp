#pragma once
// Who may do what: the rules each role gets (role_abilities.cpp is the one table).
#include <boost/json/array.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/abilities.hpp"

namespace crest::modules::auth {

// Title Case, as stored and sent: Owner | Admin | Operator | Pipeline | Viewer.
const std::vector<std::string>& roles();
bool is_role(std::string_view role);

// A deployment's own rules for some roles (CREST_ROLE_RULES, a JSON file):
//
//   {"Viewer": [{"action": "Read", "subject": "Company", "conditions": {"ownerId": "${user.id}"}},
//               {"action": "Read", "subject": "Pipeline"}]}
//
// Each role named gets these rules instead of its own rows of the table; the rules every member
// has (their profile, their sessions, the workspace, its members) stay first, so an inverted rule
// here can narrow them too. "${user.id}" in a condition stands for the caller. Conditions may
// name only the fields the services turn into SQL (condition_fields), so a rule that would fail
// at request time fails at start instead.
class RoleRules {
 public:
  RoleRules() = default;
  // Throws std::invalid_argument naming what is wrong.
  static RoleRules parse(std::string_view json_text);
  // An empty path: no rules of the deployment's own.
  static RoleRules load(const std::string& path);

  const boost::json::array* rules_for(std::string_view role) const;

 private:
  std::map<std::string, boost::json::array, std::less<>> rules_;
};

// The fields an ability condition on subject may name (each service maps them to columns).
const std::vector<std::string>& condition_fields(std::string_view subject);
// Those fields as SQL columns on `alias` ("co" -> co.owner_id; empty: no alias), for the tables
// whose columns are the fields in snake_case (Company, Contact, Deal, Activity).
crest::auth::ConditionColumns condition_columns(std::string_view subject, std::string_view alias = {});

crest::auth::Abilities abilities_for(std::string_view role, const std::string& user_id,
                                     const RoleRules* deployment_rules = nullptr);

}  // namespace crest::modules::auth
