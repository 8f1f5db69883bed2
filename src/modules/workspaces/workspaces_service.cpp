#include "modules/workspaces/workspaces_service.hpp"

#include <boost/json.hpp>

#include "common/tenant_db.hpp"
#include "core/auth/abilities.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/time.hpp"
#include "modules/auth/accounts_repository.hpp"
#include "modules/auth/auth_presenter.hpp"
#include "modules/auth/auth_service.hpp"

namespace crest::modules::workspaces {
namespace asio = boost::asio;
namespace json = boost::json;
namespace accounts = auth::accounts;

namespace {
json::object present_my_workspace(const db::Row& row) {
  json::object view = auth::present_workspace(row);
  view["role"] = row.text("role");
  view["joinedAt"] = row.time("joined_at");
  return view;
}

db::Value optional_text(const json::object& body, std::string_view field) {
  const auto* value = body.if_contains(field);
  return value ? db::Value(std::string(value->as_string())) : db::Value(nullptr);
}

// The fields of `after` that differ from `before`, as the audit log records them.
json::object changes(const json::object& before, const json::object& after, std::initializer_list<std::string_view> fields) {
  json::object out;
  for (auto field : fields) {
    const json::value* was = before.if_contains(field);
    const json::value& now = after.at(field);
    if (!was || *was != now) out[field] = {{"before", was ? *was : json::value(nullptr)}, {"after", now}};
  }
  return out;
}

// A workspace is not a tenant table, so its route's audit entry is written here, in the change's
// own transaction (as the tenant helpers do for theirs): no change without its entry.
asio::awaitable<void> record_in(db::Session& tx, RequestContext& ctx, const std::string& workspace_id,
                                json::object changed) {
  common::RlsSettings settings{{"crest.workspace_id", workspace_id}};  // audit_logs sits behind RLS
  co_await common::apply_rls_settings(tx, settings);
  ctx.audit = AuditTrail{workspace_id, std::move(changed), false};  // a retried attempt records afresh
  const common::Tenant tenant{workspace_id, auth::caller(ctx).user_id};
  common::TenantSession scoped(tx, tenant, &ctx);
  co_await common::write_audit_entry(scoped, ctx, true);
}
}  // namespace

WorkspacesService::WorkspacesService(db::Database& database)
    : database_(database), pagination_({{"joinedAt", "joined_at"}, {"name", "name"}, {"createdAt", "created_at"}}) {}

asio::awaitable<Reply> WorkspacesService::list_mine(RequestContext& ctx) {
  std::string user_id = auth::caller(ctx).user_id;
  auto request = pagination_.request(ctx.query);
  std::pair<db::Result, PageMeta> page;
  common::RlsSettings settings{{"crest.user_id", user_id}};
  std::string select(db::sql_file("src/modules/auth/queries/user_memberships.sql"));
  co_await common::with_rls(database_, settings, false, [&](db::Session& s) -> asio::awaitable<void> {
    db::Params params{user_id};
    page = co_await pagination_.fetch(s, select, params, request);
  });
  json::array items;
  for (std::size_t i = 0; i < page.first.size(); ++i) items.push_back(present_my_workspace(page.first[i]));
  co_return Reply::page(std::move(items), page.second);
}

asio::awaitable<Reply> WorkspacesService::create(RequestContext& ctx) {
  std::string user_id = auth::caller(ctx).user_id;
  std::string name(ctx.body.as_object().at("name").as_string());
  json::object view;
  co_await database_.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    auto workspace = co_await accounts::insert_workspace(tx, name, user_id);
    std::string workspace_id = workspace.front().text("id");
    common::RlsSettings settings{{"crest.workspace_id", workspace_id}};
    co_await common::apply_rls_settings(tx, settings);
    co_await accounts::insert_membership(tx, workspace_id, user_id, "Owner", user_id);
    view = auth::present_workspace(workspace.front());
    json::object created = changes(json::object{}, view, {"name", "plan"});
    co_await record_in(tx, ctx, workspace_id, std::move(created));
    view["role"] = "Owner";
    view["joinedAt"] = view["createdAt"];
  });
  ctx.audit.written = true;  // committed with the workspace; in the new workspace's log
  co_return Reply::created(std::move(view));
}

asio::awaitable<Reply> WorkspacesService::current(RequestContext& ctx) {
  std::string workspace_id = auth::caller(ctx).workspace_id;
  db::Result workspace;
  common::RlsSettings current{{"crest.workspace_id", workspace_id}};
  co_await common::with_rls(database_, current, false, [&](db::Session& s) -> asio::awaitable<void> {
    workspace = co_await accounts::find_workspace(s, workspace_id);
  });
  if (workspace.empty()) throw NotFound("No such workspace");
  co_return Reply::ok(auth::present_workspace(workspace.front()));
}

asio::awaitable<Reply> WorkspacesService::update_current(RequestContext& ctx) {
  const Principal& principal = auth::caller(ctx);
  const json::object& body = ctx.body.as_object();
  std::vector<std::string> changed;
  for (const auto& field : body) changed.emplace_back(field.key());
  json::object view;
  co_await database_.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    common::RlsSettings current{{"crest.workspace_id", principal.workspace_id}};
    co_await common::apply_rls_settings(tx, current);
    auto workspace = co_await accounts::find_workspace(tx, principal.workspace_id);
    if (workspace.empty()) throw NotFound("No such workspace");
    crest::auth::authorize(*principal.abilities, crest::auth::action::Update, "Workspace",
                           auth::present_workspace(workspace.front()), changed);
    db::Params params{principal.workspace_id, optional_text(body, "name"), optional_text(body, "plan"),
                      iso8601_now(), principal.user_id};
    auto updated = co_await tx.query(db::sql_file("src/modules/workspaces/queries/update_workspace.sql"), params);
    view = auth::present_workspace(updated.front());
    json::object changed = changes(auth::present_workspace(workspace.front()), view, {"name", "plan"});
    co_await record_in(tx, ctx, principal.workspace_id, std::move(changed));
  });
  ctx.audit.written = true;  // committed with the change
  co_return Reply::ok(std::move(view));
}

}  // namespace crest::modules::workspaces
