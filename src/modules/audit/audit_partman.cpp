#include "modules/audit/audit_partman.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/tenant_db.hpp"
#include "core/util/time.hpp"
#include "modules/audit/audit_partitions.hpp"

namespace crest::modules::audit {
namespace asio = boost::asio;
using std::chrono::sys_seconds;

namespace {

std::string retention_interval(std::chrono::seconds retention) {
  const auto day = std::chrono::seconds(24 * 3600);
  if (retention % day == std::chrono::seconds(0)) return fmt::format("{} days", retention / day);
  return fmt::format("{} seconds", retention.count());
}

// audit_logs registered with pg_partman (see audit_partman.hpp).
asio::awaitable<void> hand_over(db::Session& s, const std::string& partman, const std::string& parent,
                                const AuditRetentionPolicy& policy, sys_seconds now) {
  // pg_partman knows a period's partition by its name.
  auto existing = co_await partitions(s);
  for (const Partition& partition : existing) {
    Period whole = period_of(policy.span, partition.period.from);
    std::string name = partition_name(policy.span, whole);
    if (!(whole == partition.period) || name == partition.name) continue;
    std::string rename = fmt::format("ALTER TABLE {} RENAME TO {}", common::checked_identifier(partition.name),
                                     common::checked_identifier(name));
    co_await s.query(rename);
  }
  // It makes a default partition of its own: crest's goes first. Detached before its rows are
  // read, so that none arrives after (the detach waits for the inserts under way and holds the
  // table until this transaction ends); the rows, dated too far ahead for a partition, go back in.
  co_await s.query("ALTER TABLE audit_logs DETACH PARTITION audit_logs_default");
  co_await s.query("CREATE TEMP TABLE audit_default_rows ON COMMIT DROP AS SELECT * FROM audit_logs_default");
  co_await s.query("DROP TABLE audit_logs_default");
  db::Params registration{parent, std::string(policy.span == PartitionSpan::Day ? "daily" : "monthly"),
                          std::int64_t{policy.ahead},
                          iso8601(std::chrono::system_clock::time_point(period_of(policy.span, now).from))};
  std::string create = fmt::format(
      "SELECT {}.create_parent($1::text, 'created_at', 'native', $2::text, p_premake := $3::int, "
      "p_start_partition := $4::text, p_jobmon := false)",
      partman);
  co_await s.query(create, std::move(registration));
  co_await secure_unsecured_partitions(s);
  co_await s.query("INSERT INTO audit_logs SELECT * FROM audit_default_rows");
}

}  // namespace

asio::awaitable<std::optional<std::string>> partman_schema(db::Session& s) {
  auto rows = co_await s.query(
      "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
      "WHERE e.extname = 'pg_partman'");
  if (rows.empty()) co_return std::nullopt;
  co_return rows[0].text("schema");
}

asio::awaitable<PartmanChanges> maintain_with_partman(db::Session& s, const std::string& schema,
                                                      const AuditRetentionPolicy& policy, sys_seconds now) {
  const std::string partman(common::checked_identifier(schema));
  auto parent_rows = co_await s.query(
      "SELECT n.nspname || '.' || c.relname AS parent FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.oid = 'audit_logs'::regclass");
  const std::string parent = parent_rows[0].text("parent");
  db::Params which{parent};
  std::string registered = fmt::format("SELECT 1 AS x FROM {}.part_config WHERE parent_table = $1::text", partman);
  if ((co_await s.query(registered, std::move(which))).empty()) co_await hand_over(s, partman, parent, policy, now);

  auto before = co_await partition_names(s);
  db::Params settings{parent, std::int64_t{policy.ahead}, retention_interval(policy.retention)};
  std::string configure = fmt::format(
      "UPDATE {}.part_config SET premake = $2::int, retention = $3::text, retention_keep_table = false, "
      "infinite_time_partitions = true, ignore_default_data = true, automatic_maintenance = 'off' "
      "WHERE parent_table = $1::text",
      partman);
  co_await s.query(configure, std::move(settings));
  db::Params run{parent};
  std::string maintain = fmt::format("SELECT {}.run_maintenance($1::text, p_analyze := false, p_jobmon := false)", partman);
  co_await s.query(maintain, std::move(run));
  co_await secure_unsecured_partitions(s);
  auto after = co_await partition_names(s);

  PartmanChanges changes;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(changes.created));
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(changes.dropped));
  co_return changes;
}

}  // namespace crest::modules::audit
