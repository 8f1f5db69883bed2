#pragma once
// Tenancy by construction. Feature code gets a TenantDb for the caller's workspace, never the raw
// Database: its helpers always add `workspace_id = <tenant>` and `deleted_at IS NULL`, fill
// id/created_at/updated_at/created_by/updated_by, and soft-delete. On PostgreSQL every tenant
// transaction also sets `crest.workspace_id` (SET LOCAL), which the row-level security policies of
// tenant tables check: a second wall behind the helpers.
//
//   TenantDb tenant(db, {workspace_id, user_id});
//   auto company = co_await tenant.find_by_id("companies", id);      // NotFound across tenants
//   co_await tenant.transaction([&](TenantSession& tx) -> awaitable<void> { ... });
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"

namespace crest::common {

struct Tenant {
  std::string workspace_id;
  std::string actor_id;  // the user acting; fills created_by / updated_by
};

// Column -> value for inserts and updates. Column names come from code, never from input.
// (Tables and ids are string_views: g++ 12 cannot pass a string literal to a coroutine's
// const std::string& parameter.)
using Fields = std::vector<std::pair<std::string, db::Value>>;

class TenantSession {
 public:
  // With a request context whose route declares audit(), the first row the helpers change is
  // recorded in ctx->audit (its id and the changed fields' before and after).
  TenantSession(db::Session& session, const Tenant& tenant, RequestContext* ctx = nullptr,
                std::uint64_t totals_generation = 0)
      : session_(session), tenant_(tenant), ctx_(ctx), totals_generation_(totals_generation) {}

  const Tenant& tenant() const noexcept { return tenant_; }
  // The caller's abilities, when the session serves a request (null for system work): what a
  // repository narrows embedded references and sums by (common::fill_readable).
  const auth::Abilities* abilities() const noexcept {
    return ctx_ && ctx_->principal ? ctx_->principal->abilities.get() : nullptr;
  }
  // The workspace's TotalsCache generation, taken before this session's snapshot began.
  std::uint64_t totals_generation() const noexcept { return totals_generation_; }

  // Row-returning helpers give a Result holding exactly one row (read it with .front()).
  // The live row with that id in this workspace; NotFound otherwise (also for other workspaces).
  boost::asio::awaitable<db::Result> find_by_id(std::string_view table, std::string_view id);
  // Whether a live row with that id exists in this workspace.
  boost::asio::awaitable<bool> exists(std::string_view table, std::string_view id);
  // For a create or an update naming other rows ({"companyId", "companies", id}): BadRequest naming
  // each field whose row is absent, deleted or another workspace's (a foreign key alone would
  // accept another workspace's id).
  struct Reference {
    std::string field;
    std::string_view table;
    std::string id;
  };
  boost::asio::awaitable<void> require_references(std::vector<Reference> references);
  // Inserts with a new UUIDv7 id (unless given) and the tenant and audit columns; the new row.
  boost::asio::awaitable<db::Result> insert(std::string_view table, Fields fields);
  // The same insert, sent with this session's next statement (the read of its view, or the
  // COMMIT): one round trip fewer on PostgreSQL. Returns the new id; an error (a unique
  // violation) surfaces from that next statement.
  std::string defer_insert(std::string_view table, Fields fields);
  // Updates a live row of this workspace; the updated row, or NotFound.
  boost::asio::awaitable<db::Result> update_by_id(std::string_view table, std::string_view id, Fields fields);
  // Sets deleted_at; NotFound when there is no live row of this workspace.
  boost::asio::awaitable<void> soft_delete_by_id(std::string_view table, std::string_view id);

  // A statement whose SQL filters by workspace itself: `$1` is bound to the workspace id and the
  // caller's parameters follow as $2, $3, ... (RLS still applies on PostgreSQL).
  boost::asio::awaitable<db::Result> query(std::string_view sql, db::Params params = {});
  // Statements of that kind that do not depend on each other's results, in one round trip on
  // PostgreSQL (db::Session::query_together).
  boost::asio::awaitable<std::vector<db::Result>> query_together(std::vector<db::Statement> statements);
  // A write of that kind whose result nobody needs, sent with the next statement or the COMMIT
  // (db::Session::defer_write).
  void defer_write(std::string_view sql, db::Params params);

  // The escape hatch: the session without any tenant filter. Grep for `unscoped` in review.
  db::Session& unscoped() noexcept { return session_; }

 private:
  bool auditing() const noexcept;
  void record(std::string_view id, boost::json::object changes);
  struct NewRow {
    std::string id, sql;  // (sql without RETURNING)
    db::Params params;
  };
  NewRow new_row(std::string_view table, Fields fields);

  db::Session& session_;
  const Tenant& tenant_;
  RequestContext* ctx_;
  std::uint64_t totals_generation_;
};

class TenantDb {
 public:
  // With a request context, a transaction that changed a row of an audited route writes the
  // route's audit entry before it commits (no change without its entry, no entry without it).
  TenantDb(db::Database& database, Tenant tenant, RequestContext* ctx = nullptr)
      : database_(database), tenant_(std::move(tenant)), ctx_(ctx) {}

  const Tenant& tenant() const noexcept { return tenant_; }

  // A transaction with the tenant set (SET LOCAL crest.workspace_id on PostgreSQL).
  boost::asio::awaitable<void> transaction(std::function<boost::asio::awaitable<void>(TenantSession&)> body);
  // Reads only, on one snapshot (Database::snapshot): on SQLite a read transaction on a reader
  // connection (no writer lock); on PostgreSQL a transaction, which the RLS setting needs.
  boost::asio::awaitable<void> read(std::function<boost::asio::awaitable<void>(TenantSession&)> body);
  // A read of exactly one statement: on PostgreSQL it and the workspace setting go in one round
  // trip, without BEGIN or COMMIT (Database::read_once). A second statement throws logic_error.
  boost::asio::awaitable<void> read_once(std::function<boost::asio::awaitable<void>(TenantSession&)> body);

  // One-statement forms, each in a tenant transaction of its own.
  boost::asio::awaitable<db::Result> find_by_id(std::string_view table, std::string_view id);
  boost::asio::awaitable<db::Result> insert(std::string_view table, Fields fields);
  boost::asio::awaitable<db::Result> update_by_id(std::string_view table, std::string_view id, Fields fields);
  boost::asio::awaitable<void> soft_delete_by_id(std::string_view table, std::string_view id);

 private:
  db::Database& database_;
  Tenant tenant_;
  RequestContext* ctx_;
};

// The handle for the authenticated caller's workspace: how feature code gets one.
TenantDb tenant_of(db::Database& database, RequestContext& ctx);

// One row of the audit log, in session's workspace.
struct AuditRow {
  db::Value actor_id;  // a user id, or null
  std::string action;
  std::string subject;
  db::Value subject_id;
  bool success = true;
  db::Value request_id;
  db::Value ip;
  boost::json::object changes;
};
// Sent with the session's next statement, at the latest with its COMMIT (db::Session::defer_write).
boost::asio::awaitable<void> insert_audit_row(TenantSession& session, const AuditRow& row);

// Writes the audit entry of ctx's route on `session` (Success with ctx.audit's changes, or Failure).
boost::asio::awaitable<void> write_audit_entry(TenantSession& session, const RequestContext& ctx, bool success);

// Outside any workspace (login, the workspace switcher, accepting an invitation) a few policies
// open rows by another key: crest.user_id (one's own memberships), crest.invitation_token_hash.
// Each setting is SET LOCAL on PostgreSQL; SQLite has no row-level security and ignores them.
using RlsSettings = std::vector<std::pair<std::string_view, std::string>>;
boost::asio::awaitable<void> apply_rls_settings(db::Session& session, const RlsSettings& settings);
// Runs body with the settings applied: in a transaction when it writes, on a read snapshot
// (Database::snapshot) otherwise.
boost::asio::awaitable<void> with_rls(db::Database& database, RlsSettings settings, bool writes,
                                      std::function<boost::asio::awaitable<void>(db::Session&)> body);
// A read of exactly one statement with the settings, in one round trip (Database::read_once).
boost::asio::awaitable<void> read_once_with_rls(db::Database& database, RlsSettings settings,
                                                std::function<boost::asio::awaitable<void>(db::Session&)> body);
// Reads that do not depend on each other, on one snapshot, in one round trip (Database::read_together).
boost::asio::awaitable<std::vector<db::Result>> read_together_with_rls(db::Database& database, const RlsSettings& settings,
                                                                       std::vector<db::Database::Statement> statements);

// Throws std::logic_error unless name is a plain SQL identifier ([a-z_][a-z0-9_]*).
std::string_view checked_identifier(std::string_view name);

}  // namespace crest::common
