#pragma once
// The AuditSink the application installs: Failure entries for denied or failed attempts, and
// Success entries for audited routes whose change did not go through a tenant transaction (those
// write their entry inside the transaction itself, see TenantDb).
#include <memory>

#include "core/db/database.hpp"
#include "core/pipeline/audit_sink.hpp"

namespace crest::common {

class AuditLog : public AuditSink {
 public:
  explicit AuditLog(db::Database& database) : database_(database) {}
  boost::asio::awaitable<void> success(RequestContext& ctx) override;
  boost::asio::awaitable<void> failure(RequestContext& ctx, int status) override;

 private:
  boost::asio::awaitable<void> write(RequestContext& ctx, bool success);
  db::Database& database_;
};

}  // namespace crest::common
