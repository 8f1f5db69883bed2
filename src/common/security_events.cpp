#include "common/security_events.hpp"

#include <boost/json/serialize.hpp>

#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/util/time.hpp"
#include "core/util/uuid.hpp"

namespace crest::common {

EventOrigin origin_of(const RequestContext& ctx) { return {ctx.request_id, ctx.request.remote_ip}; }

boost::asio::awaitable<void> record_security_event(db::Session& tx, const std::string& workspace_id,
                                                   const SecurityEvent& event, const EventOrigin& origin) {
  RlsSettings settings{{"crest.workspace_id", workspace_id}};  // audit_logs sits behind RLS
  co_await apply_rls_settings(tx, settings);
  auto optional = [](const std::optional<std::string>& v) { return v ? db::Value(*v) : db::Value(nullptr); };
  auto or_null = [](const std::string& v) { return v.empty() ? db::Value(nullptr) : db::Value(v); };
  std::string sql(db::sql_for(tx.engine(), "src/common/queries/insert_audit"));
  db::Params params{workspace_id,
                    uuid_v7(),
                    optional(event.actor_id),
                    event.action,
                    event.subject,
                    optional(event.subject_id),
                    std::string(event.success ? "Success" : "Failure"),
                    or_null(origin.request_id),
                    or_null(origin.ip),
                    boost::json::serialize(event.details),
                    iso8601_now()};
  co_await tx.query(sql, std::move(params));
}

}  // namespace crest::common
