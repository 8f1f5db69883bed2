#pragma once
// Rows -> the views of auth_schema: users, workspaces, memberships.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/db/result.hpp"
#include "core/pipeline/view.hpp"

namespace crest::modules::auth {

// From a row with id, email, name, created_at.
boost::json::object present_user(const db::Row& row);
// {id, name, email} from a row's owner_id, owner_name, owner_email; null when there is no live owner.
View present_owner(const db::Row& row);
// From a row with id, name, plan, created_at, updated_at.
boost::json::object present_workspace(const db::Row& row);

}  // namespace crest::modules::auth
