#include "common/security_events.hpp"

#include "common/tenant_db.hpp"

namespace crest::common {

EventOrigin origin_of(const RequestContext& ctx) { return {ctx.request_id, ctx.request.remote_ip}; }

boost::asio::awaitable<void> record_security_event(db::Session& tx, const std::string& workspace_id,
                                                   const SecurityEvent& event, const EventOrigin& origin) {
  RlsSettings settings{{"crest.workspace_id", workspace_id}};  // audit_logs sits behind RLS
  co_await apply_rls_settings(tx, settings);
  auto optional = [](const std::optional<std::string>& v) { return v ? db::Value(*v) : db::Value(nullptr); };
  auto or_null = [](const std::string& v) { return v.empty() ? db::Value(nullptr) : db::Value(v); };
  AuditRow row{optional(event.actor_id), event.action,           event.subject,      optional(event.subject_id),
               event.success,            or_null(origin.request_id), or_null(origin.ip), event.details};
  Tenant tenant{workspace_id, event.actor_id.value_or("")};
  TenantSession scoped(tx, tenant);
  co_await insert_audit_row(scoped, row);
}

}  // namespace crest::common
