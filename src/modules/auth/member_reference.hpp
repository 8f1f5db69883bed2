#pragma once
// For fields naming a user of the workspace (ownerId): 400 naming the field unless that user is a
// live member of the caller's workspace.
#include <boost/asio/awaitable.hpp>

#include <string>

#include "common/tenant_db.hpp"

namespace crest::modules::auth {

boost::asio::awaitable<void> require_member(common::TenantSession& session, std::string field, std::string user_id);

}  // namespace crest::modules::auth
