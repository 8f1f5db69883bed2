#include "modules/workspaces/members_service.hpp"

#include <boost/json.hpp>

#include "common/list_filter.hpp"
#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "modules/auth/accounts_repository.hpp"
#include "modules/auth/auth_service.hpp"

namespace crest::modules::workspaces {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
constexpr std::string_view kQueries = "src/modules/workspaces/queries/";

std::string query_path(std::string_view name) { return std::string(kQueries) + std::string(name) + ".sql"; }

json::object present_member(const db::Row& row) {
  return {{"user", {{"id", row.text("user_id")}, {"name", row.text("name")}, {"email", row.text("email")}}},
          {"role", row.text("role")},
          {"joinedAt", row.time("joined_at")}};
}

// The target's live membership in the caller's workspace; NotFound otherwise (also for users of
// other workspaces).
asio::awaitable<db::Result> find_member(common::TenantSession& tx, std::string user_id) {
  db::Params params{std::move(user_id)};
  auto member = co_await tx.query(db::sql_file(query_path("find_member")), params);
  if (member.empty()) throw NotFound("No such member in this workspace");
  co_return member;
}

// Owner changes need an Owner, and the workspace keeps at least one Owner.
asio::awaitable<void> check_owner_rules(common::TenantSession& tx, const Principal& caller,
                                        const std::string& target_role, const std::string& new_role) {
  bool touches_owner = target_role == "Owner" || new_role == "Owner";
  if (touches_owner && caller.role != "Owner") throw Forbidden("Only an Owner may grant or take away the Owner role");
  if (target_role != "Owner" || new_role == "Owner") co_return;
  std::string lock_sql(db::sql_for(tx.unscoped().engine(), "src/modules/workspaces/queries/lock_owners"));
  db::Params none;
  auto owners = co_await tx.query(lock_sql, none);  // filters by workspace ($1) itself
  if (owners.size() <= 1) throw Conflict("A workspace keeps at least one Owner");
}
}  // namespace

MembersService::MembersService(db::Database& database, std::shared_ptr<auth::JwtAuthenticator> authenticator)
    : database_(database),
      authenticator_(std::move(authenticator)),
      pagination_({{"joinedAt", "joined_at"}, {"name", "name"}, {"email", "email"}}) {}

asio::awaitable<Reply> MembersService::list(RequestContext& ctx) {
  auto tenant = common::tenant_of(database_, ctx);
  auto request = pagination_.request(ctx.query);
  std::string select(db::sql_file(query_path("list_members")));
  db::Params params;
  static const crest::auth::ConditionColumns condition_columns{{"userId", "u.id"}, {"role", "m.role"}};
  common::append_allowed(select, params, *auth::caller(ctx).abilities, crest::auth::action::Read, "Member",
                         condition_columns);
  std::pair<db::Result, PageMeta> page;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    page = co_await pagination_.fetch(s, select, params, request);
  });
  json::array items;
  for (std::size_t i = 0; i < page.first.size(); ++i) items.push_back(present_member(page.first[i]));
  co_return Reply::page(std::move(items), page.second);
}

asio::awaitable<Reply> MembersService::change_role(RequestContext& ctx) {
  const Principal& principal = auth::caller(ctx);
  auto tenant = common::tenant_of(database_, ctx);
  std::string user_id(ctx.params.at("userId").as_string());
  std::string new_role(ctx.body.at("role").as_string());
  json::object view;
  co_await tenant.transaction([&](common::TenantSession& tx) -> asio::awaitable<void> {
    auto member = co_await find_member(tx, user_id);
    std::string current_role = member.front().text("role");
    co_await check_owner_rules(tx, principal, current_role, new_role);
    common::Fields fields{{"role", new_role}};
    std::string membership_id = member.front().text("id");
    co_await tx.update_by_id("memberships", membership_id, fields);
    view = present_member(member.front());
    view["role"] = new_role;
  });
  co_await authenticator_->forget(user_id);
  co_return Reply::ok(std::move(view));
}

asio::awaitable<Reply> MembersService::remove(RequestContext& ctx) {
  const Principal& principal = auth::caller(ctx);
  auto tenant = common::tenant_of(database_, ctx);
  std::string user_id(ctx.params.at("userId").as_string());
  co_await tenant.transaction([&](common::TenantSession& tx) -> asio::awaitable<void> {
    auto member = co_await find_member(tx, user_id);
    std::string role = member.front().text("role");
    std::string none = "";  // removal is a demotion to no role at all
    co_await check_owner_rules(tx, principal, role, none);
    std::string membership_id = member.front().text("id");
    co_await tx.soft_delete_by_id("memberships", membership_id);
    co_await auth::accounts::revoke_user_workspace_tokens(tx.unscoped(), user_id, principal.workspace_id);
  });
  co_await authenticator_->forget(user_id);
  co_return Reply::ok(json::object{{"removed", true}});
}

}  // namespace crest::modules::workspaces
