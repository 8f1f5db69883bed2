#pragma once
// Keeps the audit log a time series (the audit.maintain cron, or a test "as of" any instant).
//
// PostgreSQL: `audit_logs` is range-partitioned by day or month. Maintenance makes the partitions
// of the current period and `ahead` more (each with the table's row-level security policy: a
// query aimed at a partition by name is held to its workspace as the parent is), moves rows that
// reached the default partition into partitions of their own (and says so: the default should
// stay empty), and drops whole partitions that ended before now − retention. When the pg_partman
// extension is installed in the database, crest hands it the partitions ahead and the retention
// (audit_partman.hpp) and keeps the rest: the default partition, the policies, the rollups. SQLite: rows past
// the retention are deleted in small batches, each its own short write transaction.
//
// Each step is its own transaction holding an advisory lock (one maintainer at a time) and a
// lock_timeout, so a step waiting on the table never queues the API's audit inserts behind it
// for long.
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/db/database.hpp"
#include "modules/audit/audit_periods.hpp"

namespace crest::modules::audit {

struct AuditRetentionPolicy {
  PartitionSpan span = PartitionSpan::Month;
  int ahead = 3;                                         // periods made after the current one
  std::chrono::seconds retention{365 * 24 * 3600};       // rows older than this go
};

struct AuditMaintenanceReport {
  std::vector<std::string> created;  // partitions made
  std::vector<std::string> dropped;  // partitions dropped whole
  std::int64_t moved = 0;            // rows moved out of the default partition
  std::int64_t stranded = 0;         // rows left in it (dated over a year ahead: a clock gone wrong)
  std::int64_t deleted = 0;          // rows deleted one by one (SQLite; PostgreSQL: from the default)
  bool partman = false;              // pg_partman made the periods ahead and applied the retention
  bool skipped = false;              // another maintainer was at work: this run left it the rest
  boost::json::object to_json() const;
};

boost::asio::awaitable<AuditMaintenanceReport> maintain_audit_log(db::Database& database,
                                                                  const AuditRetentionPolicy& policy,
                                                                  std::chrono::sys_seconds now);

}  // namespace crest::modules::audit
