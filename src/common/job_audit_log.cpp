#include "common/job_audit_log.hpp"

#include <boost/json.hpp>

#include "common/tenant_db.hpp"
#include "core/log/log.hpp"

namespace crest::common {

boost::asio::awaitable<void> JobAuditLog::record(db::Database& database, const queue::ClaimedJob& job,
                                                 const queue::JobAudit& audit, bool success,
                                                 boost::json::object details) {
  if (!job.workspace_id) {
    log::warn("a system job declares audit(), but only a workspace has an audit log", {{"job", job.name}});
    co_return;
  }
  co_await database.transaction([&](db::Session& tx) -> boost::asio::awaitable<void> {
    RlsSettings settings{{"crest.workspace_id", *job.workspace_id}};  // audit_logs sits behind RLS
    co_await apply_rls_settings(tx, settings);
    AuditRow row{job.actor_id ? db::Value(*job.actor_id) : db::Value(nullptr),
                 audit.action,
                 audit.subject,
                 db::Value(nullptr),
                 success,
                 db::Value(job.id),
                 db::Value(nullptr),
                 details};
    Tenant tenant{*job.workspace_id, job.actor_id.value_or("")};
    TenantSession scoped(tx, tenant);
    co_await insert_audit_row(scoped, row);
  });
}

}  // namespace crest::common
