#include "common/crud.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>


#include "core/auth/abilities.hpp"
#include "core/errors.hpp"
#include "core/util/text.hpp"

namespace crest::common {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
const crest::auth::Abilities& abilities_of(const RequestContext& ctx) {
  if (!ctx.principal || !ctx.principal->abilities) throw Unauthorized("Missing or invalid bearer token");
  return *ctx.principal->abilities;
}

std::string id_of(const RequestContext& ctx) { return std::string(ctx.params.at("id").as_string()); }

asio::awaitable<void> check(const CrudResource& resource, TenantSession& tx, const json::object& body) {
  if (resource.check_references) co_await resource.check_references(tx, body);
}
}  // namespace

asio::awaitable<Reply> read_one(const CrudResource& resource, db::Database& database, RequestContext& ctx) {
  const auto& abilities = abilities_of(ctx);
  std::string id = id_of(ctx);
  auto tenant = tenant_of(database, ctx);
  // Conditional Read rules (one's own rows only) are decided on the row; a row the caller may not
  // read is as absent as another workspace's, as it is from the list.
  bool check_row = abilities.restricted(crest::auth::action::Read, resource.subject);
  View view = View::null();
  auto read = [&](TenantSession& s) -> asio::awaitable<void> {
    if (check_row) {
      auto row = co_await resource.find(s, id);
      if (!abilities.can(crest::auth::action::Read, resource.subject, resource.subject_of(row.front())))
        throw NotFound(fmt::format("No such {}", ascii_lower(resource.subject)));
    }
    view = co_await resource.view(s, id);
  };
  if (check_row || !resource.view_is_one_statement) co_await tenant.read(read);
  else co_await tenant.read_once(read);
  co_return Reply::ok(std::move(view));
}

asio::awaitable<Reply> create_one(const CrudResource& resource, db::Database& database, RequestContext& ctx,
                                  Fields fields) {
  const json::object& body = ctx.body.as_object();
  auto tenant = tenant_of(database, ctx);
  View view = View::null();
  // The audit entry is written inside this transaction, before COMMIT.
  co_await tenant.transaction([&](TenantSession& tx) -> asio::awaitable<void> {
    co_await check(resource, tx, body);
    // The row travels with the read of its view, and the audit entry with the COMMIT.
    std::string id = tx.defer_insert(resource.table, fields);
    view = co_await resource.view(tx, id);
  });
  co_return Reply::created(std::move(view));
}

asio::awaitable<Reply> update_one(const CrudResource& resource, db::Database& database, RequestContext& ctx) {
  const auto& abilities = abilities_of(ctx);
  std::string id = id_of(ctx);
  const json::object& body = ctx.body.as_object();
  Fields fields = fields_from(body, resource.columns);
  std::vector<std::string> changed = field_names(body);
  auto tenant = tenant_of(database, ctx);
  View view = View::null();
  co_await tenant.transaction([&](TenantSession& tx) -> asio::awaitable<void> {
    auto current = co_await resource.find(tx, id);
    // Conditional rules (one's own rows, some fields only) are decided on the loaded row.
    crest::auth::authorize(abilities, crest::auth::action::Update, resource.subject,
                           resource.subject_of(current.front()), changed);
    co_await check(resource, tx, body);
    if (!fields.empty()) co_await tx.update_by_id(resource.table, id, fields);
    view = co_await resource.view(tx, id);
  });
  co_return Reply::ok(std::move(view));
}

asio::awaitable<Reply> remove_one(const CrudResource& resource, db::Database& database, RequestContext& ctx) {
  const auto& abilities = abilities_of(ctx);
  std::string id = id_of(ctx);
  auto tenant = tenant_of(database, ctx);
  co_await tenant.transaction([&](TenantSession& tx) -> asio::awaitable<void> {
    auto current = co_await resource.find(tx, id);
    crest::auth::authorize(abilities, crest::auth::action::Delete, resource.subject, resource.subject_of(current.front()));
    co_await tx.soft_delete_by_id(resource.table, id);
  });
  co_return Reply::ok(View{{"id", id}, {"deleted", true}});
}

}  // namespace crest::common
