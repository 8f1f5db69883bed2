#include "modules/auth/member_reference.hpp"

#include "core/errors.hpp"
#include "modules/auth/accounts_repository.hpp"

namespace crest::modules::auth {

boost::asio::awaitable<void> require_member(common::TenantSession& session, std::string field, std::string user_id) {
  auto role = co_await accounts::membership_role(session.unscoped(), user_id, session.tenant().workspace_id);
  if (!role) throw BadRequest("Validation failed", {{field, "invalid_reference", "Must be a member of this workspace"}});
}

}  // namespace crest::modules::auth
