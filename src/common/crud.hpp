#pragma once
// The same-shape handlers of a tenant resource: read one, create, change one, soft-delete one. A
// service describes its resource once (table, subject, how to find a row, its view, what ability
// conditions look at, which references a body must satisfy); these bring the rest: the tenant
// session, abilities checked on the loaded row, reference checks inside the transaction, the
// audit entry, and the view answered.
//
//   const common::CrudResource& resource() {
//     static const common::CrudResource r{"companies", "Company", columns(), &find, &view_of, &subject_of, &check};
//     return r;
//   }
//   awaitable<Reply> CompaniesService::get(RequestContext& ctx) { co_return co_await common::read_one(resource(), database_, ctx); }
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <string>

#include "common/request_fields.hpp"
#include "common/tenant_db.hpp"
#include "core/pipeline/context.hpp"

namespace crest::common {

struct CrudResource {
  std::string table;    // "companies"
  std::string subject;  // "Company", as the role table names it
  ColumnMap columns;    // the API fields a create or an update may carry
  // One live row of the workspace by id (a Result of one row); NotFound otherwise.
  std::function<boost::asio::awaitable<db::Result>(TenantSession&, std::string)> find;
  // The full view of one row, read in the same session.
  std::function<boost::asio::awaitable<View>(TenantSession&, std::string)> view;
  // What ability conditions on a row may look at ({"id", "ownerId", ...}).
  std::function<boost::json::object(const db::Row&)> subject_of;
  // The body's references (companyId, ownerId, ...) are live rows or members of the workspace:
  // BadRequest naming the field otherwise. May be empty.
  std::function<boost::asio::awaitable<void>(TenantSession&, const boost::json::object&)> check_references;
  // The view reads exactly one statement: then a GET needing no row check travels with the
  // workspace setting in one round trip (TenantDb::read_once).
  bool view_is_one_statement = false;
};

// GET /things/:id
boost::asio::awaitable<Reply> read_one(const CrudResource& resource, db::Database& database, RequestContext& ctx);
// POST /things with the columns to insert (the body's, plus defaults the service adds).
boost::asio::awaitable<Reply> create_one(const CrudResource& resource, db::Database& database, RequestContext& ctx,
                                         Fields fields);
// PATCH /things/:id: Update checked on the loaded row and the fields the body changes.
boost::asio::awaitable<Reply> update_one(const CrudResource& resource, db::Database& database, RequestContext& ctx);
// DELETE /things/:id (soft): Delete checked on the loaded row.
boost::asio::awaitable<Reply> remove_one(const CrudResource& resource, db::Database& database, RequestContext& ctx);

}  // namespace crest::common
