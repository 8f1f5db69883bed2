#include "common/tenant_db.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <stdexcept>

#include "common/key_lookup.hpp"
#include "common/totals_cache.hpp"
#include "core/errors.hpp"
#include "core/util/names.hpp"
#include "core/util/time.hpp"
#include "core/db/sql_files.hpp"
#include "core/pipeline/route.hpp"
#include "core/util/uuid.hpp"

namespace crest::common {

namespace {

db::Result exactly_one(db::Result result, std::string_view table) {
  if (result.empty()) throw NotFound(fmt::format("No such {} in this workspace", table));
  return result;
}

bool is_reserved(const std::string& column) {
  return column == "workspace_id" || column == "created_at" || column == "created_by" ||
         column == "updated_at" || column == "updated_by" || column == "deleted_at";
}

// Never in an audit entry's changes.
bool is_secret(std::string_view column) {
  return column.find("password") != std::string_view::npos || column.find("token") != std::string_view::npos ||
         column.find("secret") != std::string_view::npos;
}

// A column's value as an audit entry shows it: times (`*_at`) in ISO 8601 UTC whichever engine
// stored them, as the API sends them.
boost::json::value to_json(std::string_view column, const db::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value); text && column.ends_with("_at"))
    return boost::json::value(db::normalize_timestamp(*text));
  return std::visit(
      [](const auto& v) -> boost::json::value {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) return nullptr;
        else return boost::json::value(v);
      },
      value);
}

boost::json::object change(boost::json::value before, boost::json::value after) {
  return {{"before", std::move(before)}, {"after", std::move(after)}};
}

// Statements and parameters are built into named locals before each co_await (g++ 12 mishandles
// some temporaries inside co_await expressions).
constexpr std::string_view kSetTenant = "SELECT set_config('crest.workspace_id', $1, true)";
constexpr std::string_view kSetLocal = "SELECT set_config($1, $2, true)";

// TenantDb::read and read_once: body on a snapshot, or on a one-statement read, with the tenant
// set (reads change nothing, so they record nothing).
boost::asio::awaitable<void> scoped_read(db::Database& database, const Tenant& tenant, RequestContext* ctx,
                                         bool one_statement,
                                         const std::function<boost::asio::awaitable<void>(TenantSession&)>& body) {
  // Before the snapshot starts: a commit after this point keeps a count of it out of the cache.
  std::uint64_t generation = TotalsCache::instance().generation(tenant.workspace_id);
  auto scoped = [&](db::Session& session) -> boost::asio::awaitable<void> {
    if (session.engine() == db::Engine::Postgres) session.defer(kSetTenant, db::Params{tenant.workspace_id});
    TenantSession in_tenant(session, tenant, ctx, generation);
    co_await body(in_tenant);
  };
  if (one_statement) co_await database.read_once(scoped);
  else co_await database.snapshot(scoped);
}

}  // namespace

std::string_view checked_identifier(std::string_view name) {
  bool ok = !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name)
    ok = ok && (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_');
  if (!ok) throw std::logic_error("not a plain SQL identifier: " + std::string(name));
  return name;
}

boost::asio::awaitable<db::Result> TenantSession::find_by_id(std::string_view table, std::string_view id) {
  std::string sql = fmt::format("SELECT * FROM {} t WHERE t.workspace_id = $2 AND t.deleted_at IS NULL",
                                row_by_key(checked_identifier(table), "$1"));
  db::Params params{std::string(id), tenant_.workspace_id};
  auto result = co_await session_.query(sql, params);
  co_return exactly_one(std::move(result), table);
}

boost::asio::awaitable<bool> TenantSession::exists(std::string_view table, std::string_view id) {
  std::string sql = fmt::format("SELECT 1 AS found FROM {} t WHERE t.workspace_id = $2 AND t.deleted_at IS NULL",
                                row_by_key(checked_identifier(table), "$1"));
  db::Params params{std::string(id), tenant_.workspace_id};
  auto result = co_await session_.query(sql, params);
  co_return !result.empty();
}

boost::asio::awaitable<void> TenantSession::require_references(std::vector<Reference> references) {
  std::vector<FieldError> missing;
  for (const auto& reference : references) {
    bool found = co_await exists(reference.table, reference.id);
    if (!found) missing.push_back({reference.field, "invalid_reference", "No such record in this workspace"});
  }
  if (!missing.empty()) throw BadRequest("Validation failed", std::move(missing));
}

bool TenantSession::auditing() const noexcept {
  return ctx_ && ctx_->route && ctx_->route->audit && !ctx_->audit.written && !ctx_->audit.subject_id;
}

void TenantSession::record(std::string_view id, boost::json::object changes) {
  ctx_->audit.subject_id = std::string(id);
  ctx_->audit.changes = std::move(changes);
}

TenantSession::NewRow TenantSession::new_row(std::string_view table, Fields fields) {
  std::string now = iso8601_now();
  if (auditing()) {
    boost::json::object changes;
    for (const auto& [column, value] : fields)
      if (!is_secret(column) && column != "id") changes[camel_case(column)] = change(nullptr, to_json(column, value));
    ctx_->audit.changes = std::move(changes);  // the id comes with the inserted row
  }
  NewRow row;
  std::string columns, placeholders;
  auto add = [&](const std::string& column, db::Value value) {
    columns += (columns.empty() ? "" : ", ") + std::string(checked_identifier(column));
    row.params.push_back(std::move(value));
    placeholders += (placeholders.empty() ? "$" : ", $") + std::to_string(row.params.size());
  };
  for (auto& [column, value] : fields) {
    if (is_reserved(column)) throw std::logic_error("TenantSession::insert sets " + column + " itself");
    if (column == "id") {
      const auto* text = std::get_if<std::string>(&value);
      if (!text || text->empty()) throw std::logic_error("TenantSession::insert takes an id only as non-empty text");
      row.id = *text;
    }
    add(column, std::move(value));
  }
  if (row.id.empty()) {
    row.id = uuid_v7();
    add("id", row.id);
  }
  add("workspace_id", tenant_.workspace_id);
  add("created_at", now);
  add("updated_at", now);
  add("created_by", tenant_.actor_id);
  add("updated_by", tenant_.actor_id);
  row.sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", checked_identifier(table), columns, placeholders);
  return row;
}

boost::asio::awaitable<db::Result> TenantSession::insert(std::string_view table, Fields fields) {
  NewRow row = new_row(table, std::move(fields));
  row.sql += " RETURNING *";
  auto result = co_await session_.query(row.sql, row.params);
  if (auditing() && !result.empty()) ctx_->audit.subject_id = result.front().text("id");
  co_return result;
}

std::string TenantSession::defer_insert(std::string_view table, Fields fields) {
  NewRow row = new_row(table, std::move(fields));
  session_.defer_write(row.sql, std::move(row.params));
  if (auditing()) ctx_->audit.subject_id = row.id;
  return row.id;
}

boost::asio::awaitable<db::Result> TenantSession::update_by_id(std::string_view table, std::string_view id,
                                                               Fields fields) {
  db::Params params{std::string(id), tenant_.workspace_id, iso8601_now(), tenant_.actor_id};
  std::string assignments = "updated_at = $3, updated_by = $4";
  std::vector<std::string> changed;
  for (auto& [column, value] : fields) {
    if (is_reserved(column) || column == "id") throw std::logic_error("TenantSession::update_by_id cannot set " + column);
    changed.push_back(column);
    params.push_back(std::move(value));
    assignments += fmt::format(", {} = ${}", checked_identifier(column), params.size());
  }
  // An audited change needs the values it replaces: one read before the update.
  bool audited = auditing();
  db::Result before;
  if (audited) {
    std::string read = fmt::format("SELECT * FROM {} WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL",
                                   checked_identifier(table));
    db::Params keys{std::string(id), tenant_.workspace_id};
    before = co_await session_.query(read, keys);
  }
  std::string sql = fmt::format(
      "UPDATE {} SET {} WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL RETURNING *",
      checked_identifier(table), assignments);
  auto updated = co_await session_.query(sql, params);
  auto result = exactly_one(std::move(updated), table);
  if (audited && !before.empty()) {
    boost::json::object changes;
    for (const auto& column : changed) {
      if (is_secret(column)) continue;
      auto old_value = to_json(column, before.front().value(column));
      auto new_value = to_json(column, result.front().value(column));
      if (old_value != new_value) changes[camel_case(column)] = change(std::move(old_value), std::move(new_value));
    }
    record(id, std::move(changes));
  }
  co_return result;
}

boost::asio::awaitable<void> TenantSession::soft_delete_by_id(std::string_view table, std::string_view id) {
  std::string sql = fmt::format(
      "UPDATE {} SET deleted_at = $3, updated_at = $3, updated_by = $4 "
      "WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL",
      checked_identifier(table));
  std::string now = iso8601_now();
  db::Params params{std::string(id), tenant_.workspace_id, now, tenant_.actor_id};
  auto result = co_await session_.query(sql, params);
  if (result.affected_rows == 0) throw NotFound(fmt::format("No such {} in this workspace", table));
  if (auditing()) record(id, boost::json::object{{"deletedAt", change(nullptr, boost::json::value(now))}});
}

boost::asio::awaitable<db::Result> TenantSession::query(std::string_view sql, db::Params params) {
  params.insert(params.begin(), tenant_.workspace_id);
  auto result = co_await session_.query(sql, params);
  co_return result;
}

void TenantSession::defer_write(std::string_view sql, db::Params params) {
  params.insert(params.begin(), tenant_.workspace_id);
  session_.defer_write(sql, std::move(params));
}

boost::asio::awaitable<std::vector<db::Result>> TenantSession::query_together(std::vector<db::Statement> statements) {
  for (auto& statement : statements) statement.params.insert(statement.params.begin(), tenant_.workspace_id);
  co_return co_await session_.query_together(std::move(statements));
}

boost::asio::awaitable<void> TenantDb::transaction(std::function<boost::asio::awaitable<void>(TenantSession&)> body) {
  const Tenant& tenant = tenant_;
  RequestContext* ctx = ctx_;
  std::uint64_t generation = TotalsCache::instance().generation(tenant.workspace_id);
  co_await database_.transaction([&](db::Session& session) -> boost::asio::awaitable<void> {
    if (session.engine() == db::Engine::Postgres) session.defer(kSetTenant, db::Params{tenant.workspace_id});
    bool audited = ctx && ctx->route && ctx->route->audit && !ctx->audit.written;
    if (audited) ctx->audit = AuditTrail{};  // a retried attempt records afresh
    TenantSession scoped(session, tenant, ctx, generation);
    co_await body(scoped);
    // The entry commits with the change it records.
    if (audited && ctx->audit.subject_id) co_await write_audit_entry(scoped, *ctx, true);
  });
  if (ctx && ctx->audit.subject_id && ctx->route && ctx->route->audit) ctx->audit.written = true;
  TotalsCache::instance().forget(tenant.workspace_id);  // committed: this process's large totals are stale
}

boost::asio::awaitable<void> TenantDb::read(std::function<boost::asio::awaitable<void>(TenantSession&)> body) {
  co_await scoped_read(database_, tenant_, ctx_, false, body);
}

boost::asio::awaitable<void> TenantDb::read_once(std::function<boost::asio::awaitable<void>(TenantSession&)> body) {
  co_await scoped_read(database_, tenant_, ctx_, true, body);
}

TenantDb tenant_of(db::Database& database, RequestContext& ctx) {
  if (!ctx.principal) throw Unauthorized("Missing or invalid bearer token");
  return TenantDb(database, Tenant{ctx.principal->workspace_id, ctx.principal->user_id}, &ctx);
}

boost::asio::awaitable<void> write_audit_entry(TenantSession& session, const RequestContext& ctx, bool success) {
  const auto& spec = *ctx.route->audit;
  std::optional<std::string> subject_id = ctx.audit.subject_id;
  if (!subject_id)
    for (const auto& [name, value] : ctx.raw_params)
      if (name == "id") subject_id = value;
  AuditRow row{ctx.principal ? db::Value(ctx.principal->user_id) : db::Value(nullptr),
               spec.action,
               spec.subject,
               subject_id ? db::Value(*subject_id) : db::Value(nullptr),
               success,
               ctx.request_id,
               ctx.request.remote_ip,
               success ? ctx.audit.changes : boost::json::object{}};
  co_await insert_audit_row(session, row);
}

boost::asio::awaitable<void> insert_audit_row(TenantSession& session, const AuditRow& row) {
  std::string sql(db::sql_for(session.unscoped().engine(), "src/common/queries/insert_audit"));
  db::Params params{uuid_v7(),
                    row.actor_id,
                    row.action,
                    row.subject,
                    row.subject_id,
                    std::string(row.success ? "Success" : "Failure"),
                    row.request_id,
                    row.ip,
                    boost::json::serialize(row.changes),
                    iso8601_now()};
  session.defer_write(sql, std::move(params));
  co_return;
}

boost::asio::awaitable<void> apply_rls_settings(db::Session& session, const RlsSettings& settings) {
  if (session.engine() != db::Engine::Postgres) co_return;
  for (const auto& [name, value] : settings) session.defer(kSetLocal, db::Params{std::string(name), value});
}

boost::asio::awaitable<void> with_rls(db::Database& database, RlsSettings settings, bool writes,
                                      std::function<boost::asio::awaitable<void>(db::Session&)> body) {
  auto scoped = [&](db::Session& session) -> boost::asio::awaitable<void> {
    co_await apply_rls_settings(session, settings);
    co_await body(session);
  };
  if (writes) co_await database.transaction(scoped);
  else co_await database.snapshot(scoped);
}

boost::asio::awaitable<void> read_once_with_rls(db::Database& database, RlsSettings settings,
                                                std::function<boost::asio::awaitable<void>(db::Session&)> body) {
  co_await database.read_once([&](db::Session& session) -> boost::asio::awaitable<void> {
    co_await apply_rls_settings(session, settings);
    co_await body(session);
  });
}

boost::asio::awaitable<std::vector<db::Result>> read_together_with_rls(db::Database& database, const RlsSettings& settings,
                                                                       std::vector<db::Database::Statement> statements) {
  db::Database::Settings set;
  for (const auto& [name, value] : settings) set.emplace_back(std::string(name), value);
  co_return co_await database.read_together(std::move(statements), std::move(set));
}

boost::asio::awaitable<db::Result> TenantDb::find_by_id(std::string_view table, std::string_view id) {
  db::Result out;
  co_await read_once([&](TenantSession& s) -> boost::asio::awaitable<void> { out = co_await s.find_by_id(table, id); });
  co_return out;
}

boost::asio::awaitable<db::Result> TenantDb::insert(std::string_view table, Fields fields) {
  db::Result out;
  co_await transaction([&](TenantSession& s) -> boost::asio::awaitable<void> {
    out = co_await s.insert(table, fields);  // a copy: a retried attempt needs them again
  });
  co_return out;
}

boost::asio::awaitable<db::Result> TenantDb::update_by_id(std::string_view table, std::string_view id,
                                                          Fields fields) {
  db::Result out;
  co_await transaction([&](TenantSession& s) -> boost::asio::awaitable<void> {
    out = co_await s.update_by_id(table, id, fields);
  });
  co_return out;
}

boost::asio::awaitable<void> TenantDb::soft_delete_by_id(std::string_view table, std::string_view id) {
  co_await transaction([&](TenantSession& s) -> boost::asio::awaitable<void> { co_await s.soft_delete_by_id(table, id); });
}

}  // namespace crest::common
