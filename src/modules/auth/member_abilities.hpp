#pragma once
// What a member may do now, for work done on their behalf outside a request: a job an Operator
// enqueued (an export) runs with the abilities its actor has when it runs, not when it was
// asked for, so a member demoted or removed meanwhile gets no more than they have.
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

#include "core/auth/abilities.hpp"
#include "core/db/database.hpp"
#include "modules/auth/role_abilities.hpp"

namespace crest::modules::auth {

class MemberAbilities {
 public:
  MemberAbilities(db::Database& database, std::shared_ptr<const RoleRules> role_rules)
      : database_(database), role_rules_(std::move(role_rules)) {}

  // Null when the user is no longer an active member of the workspace.
  boost::asio::awaitable<std::shared_ptr<const crest::auth::Abilities>> of(std::string workspace_id, std::string user_id);

 private:
  db::Database& database_;
  std::shared_ptr<const RoleRules> role_rules_;
};

}  // namespace crest::modules::auth
