#pragma once
// The members of the current workspace: list, change a role, remove. Nobody removes or demotes
// the last Owner, and only Owners grant or take away the Owner role.
#include <boost/asio/awaitable.hpp>

#include <memory>

#include "common/pagination.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"
#include "modules/auth/jwt_authenticator.hpp"

namespace crest::modules::workspaces {

class MembersService {
 public:
  MembersService(db::Database& database, std::shared_ptr<auth::JwtAuthenticator> authenticator);

  std::vector<schema::Field> list_query() const { return pagination_.query_fields(); }

  boost::asio::awaitable<Reply> list(RequestContext& ctx);
  boost::asio::awaitable<Reply> change_role(RequestContext& ctx);
  boost::asio::awaitable<Reply> remove(RequestContext& ctx);

 private:
  db::Database& database_;
  std::shared_ptr<auth::JwtAuthenticator> authenticator_;
  common::Pagination pagination_;
};

}  // namespace crest::modules::workspaces
