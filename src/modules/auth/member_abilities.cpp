#include "modules/auth/member_abilities.hpp"

#include "common/tenant_db.hpp"
#include "modules/auth/accounts_repository.hpp"

namespace crest::modules::auth {
namespace asio = boost::asio;

asio::awaitable<std::shared_ptr<const crest::auth::Abilities>> MemberAbilities::of(std::string workspace_id,
                                                                                   std::string user_id) {
  std::optional<std::string> role;
  common::RlsSettings settings{{"crest.user_id", user_id}};
  co_await common::read_once_with_rls(database_, settings, [&](db::Session& session) -> asio::awaitable<void> {
    role = co_await accounts::membership_role(session, user_id, workspace_id);
  });
  if (!role) co_return nullptr;
  co_return std::make_shared<const crest::auth::Abilities>(abilities_for(*role, user_id, role_rules_.get()));
}

}  // namespace crest::modules::auth
