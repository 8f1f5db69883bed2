#pragma once
// The audit log's partitions by pg_partman, when the extension is installed in the database
// (Debian: postgresql-15-partman; no preload needed). crest keeps driving it from the
// audit.maintain cron, so no partition is ever visible without its row-level security:
//
//   - The first time, audit_logs is handed over: partitions crest made under older names get
//     pg_partman's (audit_logs_p2026_12), crest's default partition makes way for pg_partman's
//     (its rows, if any, put back), and partman.create_parent registers the table.
//   - Every run sets part_config from crest's settings (premake = the periods ahead, retention =
//     CREST_AUDIT_RETENTION with the tables dropped, partitions made ahead of the clock even when
//     no row arrives, the default partition's rows ignored: crest moves those it can and reports
//     those dated too far ahead, which would otherwise make pg_partman fill the years up to them
//     or fail; automatic_maintenance off: pg_partman's background worker or a
//     run_maintenance() of every table leaves audit_logs alone), runs partman.run_maintenance for
//     audit_logs, and secures each partition it made, all in one transaction.
//
// pg_partman decides by the database's clock, not the `now` crest's maintenance is given.
// The application's role needs USAGE and CREATE on pg_partman's schema, and its tables,
// sequences and functions (docs/audit.md has the GRANTs).
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/db/database.hpp"
#include "modules/audit/audit_maintenance.hpp"

namespace crest::modules::audit {

// pg_partman's schema, when the extension is installed in this database.
boost::asio::awaitable<std::optional<std::string>> partman_schema(db::Session& s);

struct PartmanChanges {
  std::vector<std::string> created, dropped;  // partitions
};
// One maintenance step by pg_partman, in the caller's transaction (the maintainer's lock held).
boost::asio::awaitable<PartmanChanges> maintain_with_partman(db::Session& s, const std::string& schema,
                                                             const AuditRetentionPolicy& policy,
                                                             std::chrono::sys_seconds now);

}  // namespace crest::modules::audit
