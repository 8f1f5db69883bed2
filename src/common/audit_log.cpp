#include "common/audit_log.hpp"

#include "common/tenant_db.hpp"

namespace crest::common {

boost::asio::awaitable<void> AuditLog::write(RequestContext& ctx, bool success) {
  if (!ctx.principal || ctx.audit.written) co_return;
  // Its own transaction, with no request context: the entry is the only thing it writes.
  TenantDb tenant(database_, Tenant{ctx.principal->workspace_id, ctx.principal->user_id});
  co_await tenant.transaction([&](TenantSession& session) -> boost::asio::awaitable<void> {
    co_await write_audit_entry(session, ctx, success);
  });
  ctx.audit.written = true;
}

boost::asio::awaitable<void> AuditLog::success(RequestContext& ctx) { co_await write(ctx, true); }

boost::asio::awaitable<void> AuditLog::failure(RequestContext& ctx, int) { co_await write(ctx, false); }

}  // namespace crest::common
