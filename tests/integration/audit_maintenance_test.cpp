// The audit log as a time series (modules/audit/audit_maintenance.cpp), run "as of" instants
// years ahead of the clock, as the application's RLS-bound role: partitions appear before rows
// need them, rows that reached the default partition move out, whole partitions past the
// retention go, SQLite deletes in batches, and a partition named in a query keeps other
// workspaces out.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "common/tenant_db.hpp"
#include "core/db/migrations.hpp"
#include "core/util/time.hpp"
#include "core/util/uuid.hpp"
#include "modules/audit/audit_maintenance.hpp"
#include "support/migrated_database.hpp"
#include "support/held_session.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
using namespace std::chrono;
using modules::audit::AuditMaintenanceReport;
using modules::audit::AuditRetentionPolicy;
using modules::audit::next_period;
using modules::audit::partition_name;
using modules::audit::PartitionSpan;
using modules::audit::Period;
using modules::audit::period_of;

sys_seconds at(int y, unsigned m, unsigned d, int hour = 12) {
  return sys_seconds(sys_days(year(y) / month(m) / day(d))) + hours(hour);
}

bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

class AuditMaintenance : public MigratedDatabaseTest {
 protected:
  // `count` audit entries of `workspace` dated `when`; the last one's id.
  std::string add_rows(const std::string& workspace, sys_seconds when, int count = 1) {
    std::string sql = postgres() ? "INSERT INTO audit_logs (id, workspace_id, action, subject, status, created_at) "
                                   "VALUES ($1, $2, 'Create', 'Company', 'Success', $3::timestamptz)"
                                 : "INSERT INTO audit_logs (id, workspace_id, action, subject, status, created_at) "
                                   "VALUES ($1, $2, 'Create', 'Company', 'Success', $3)";
    std::string id;
    run(common::with_rls(*database, {{"crest.workspace_id", workspace}}, true, [&](db::Session& s) -> asio::awaitable<void> {
      for (int i = 0; i < count; ++i) {
        id = uuid_v7();
        db::Params row{id, workspace, iso8601(system_clock::time_point(when))};
        co_await s.query(sql, std::move(row));
      }
    }));
    return id;
  }

  // Runs `sql` as the maintainer (every workspace's rows) or as a workspace; its first column.
  std::vector<std::string> column(const std::string& sql, common::RlsSettings settings = {{"crest.audit_maintenance", "on"}}) {
    return MigratedDatabaseTest::column(sql, settings);
  }
  std::int64_t count(const std::string& from, common::RlsSettings settings = {{"crest.audit_maintenance", "on"}}) {
    return std::stoll(column("SELECT count(*) AS n FROM " + from, std::move(settings)).front());
  }
  std::string partition_of(const std::string& id) {
    auto found = column("SELECT tableoid::regclass::text AS t FROM audit_logs WHERE id = '" + id + "'");
    return found.empty() ? "(gone)" : found.front();
  }
  std::vector<std::string> partitions() {
    return column("SELECT inhrelid::regclass::text AS t FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass");
  }
  // Partitions lacking one of the parent's indexes (each partition's own, attached to it): the
  // audit list's filters must find an index on every partition.
  std::vector<std::string> partitions_missing_an_index() {
    return column(
        "SELECT c.relname AS t FROM pg_inherits p JOIN pg_class c ON c.oid = p.inhrelid "
        "WHERE p.inhparent = 'audit_logs'::regclass AND "
        "(SELECT count(*) FROM pg_index i JOIN pg_inherits ii ON ii.inhrelid = i.indexrelid "
        " JOIN pg_index parent ON parent.indexrelid = ii.inhparent AND parent.indrelid = 'audit_logs'::regclass "
        " WHERE i.indrelid = c.oid) < (SELECT count(*) FROM pg_index WHERE indrelid = 'audit_logs'::regclass)");
  }

  AuditMaintenanceReport maintain(sys_seconds now, PartitionSpan span = PartitionSpan::Month, int ahead = 3) {
    AuditRetentionPolicy policy;
    policy.span = span;
    policy.ahead = ahead;
    policy.retention = days(365);
    return run(modules::audit::maintain_audit_log(*database, policy, now));
  }
};

TEST_P(AuditMaintenance, RowsPastTheRetentionGoInBatchesAndNewerOnesStay) {
  add_rows("w1", at(2020, 1, 15), 1'234);  // 3 batches of 500 on SQLite
  add_rows("w1", at(2027, 6, 10), 3);
  add_rows("w2", at(2026, 6, 20), 2);  // inside the 365 days before 2027-06-15
  auto report = maintain(at(2027, 6, 15));
  EXPECT_EQ(report.deleted, 1'234);
  EXPECT_EQ(count("audit_logs"), 5);
  EXPECT_EQ(count("audit_logs WHERE created_at < '2021-01-01'"), 0);
  if (postgres()) {
    EXPECT_EQ(report.moved, 5) << "the 2026-06 and 2027-06 rows had no partition of their own";
    EXPECT_EQ(count("audit_logs_default"), 0);
    EXPECT_EQ(report.stranded, 0);
  }
  EXPECT_EQ(maintain(at(2027, 6, 15)).deleted, 0) << "a second run finds nothing more to do";
}

TEST_P(AuditMaintenance, PartitionsAreMadeAheadAndDroppedWholePastTheRetention) {
  if (!postgres()) GTEST_SKIP() << "SQLite keeps the audit log in one table";
  auto first = maintain(at(2027, 6, 15));
  for (const char* name : {"audit_logs_p2027_06", "audit_logs_p2027_07", "audit_logs_p2027_08", "audit_logs_p2027_09"}) {
    EXPECT_TRUE(has(first.created, name)) << name;
    EXPECT_TRUE(has(partitions(), name)) << name;
  }
  EXPECT_TRUE(maintain(at(2027, 6, 15)).created.empty()) << "a second run makes nothing twice";
  EXPECT_TRUE(partitions_missing_an_index().empty()) << "the list's indexes on every partition";
  ASSERT_GE(std::stoll(column("SELECT count(*) AS n FROM pg_index WHERE indrelid = 'audit_logs'::regclass").at(0)), 3);

  std::string august = add_rows("w1", at(2027, 8, 10));
  std::string september = add_rows("w1", at(2027, 9, 30));
  EXPECT_EQ(partition_of(august), "audit_logs_p2027_08");

  // A year and a quarter on: everything that ended before 2027-09-16 goes whole.
  auto later = maintain(at(2028, 9, 15));
  for (const char* name : {"audit_logs_p2027_06", "audit_logs_p2027_07", "audit_logs_p2027_08"}) {
    EXPECT_TRUE(has(later.dropped, name)) << name;
    EXPECT_FALSE(has(partitions(), name)) << name;
  }
  EXPECT_FALSE(has(later.dropped, "audit_logs_p2027_09")) << "it ends after the cutoff: kept until it is all past";
  EXPECT_EQ(partition_of(august), "(gone)");
  EXPECT_EQ(partition_of(september), "audit_logs_p2027_09");
  EXPECT_EQ(later.deleted, 0) << "no row-by-row delete";
  EXPECT_TRUE(has(later.created, "audit_logs_p2028_12"));

  // Day partitions after month ones: the days of months already made are left to them.
  auto days_ahead = maintain(at(2028, 12, 30), PartitionSpan::Day, 7);
  EXPECT_FALSE(has(days_ahead.created, "audit_logs_p2028_12_30"));
  EXPECT_TRUE(has(days_ahead.created, "audit_logs_p2029_01_01"));
  EXPECT_TRUE(has(days_ahead.created, "audit_logs_p2029_01_06"));
  EXPECT_EQ(partition_of(add_rows("w2", at(2029, 1, 3, 23))), "audit_logs_p2029_01_03");
  EXPECT_EQ(partition_of(add_rows("w2", at(2028, 12, 31, 23))), "audit_logs_p2028_12");
}

TEST_P(AuditMaintenance, RowsThatReachTheDefaultPartitionMoveToTheirOwnAndAbsurdDatesAreReported) {
  if (!postgres()) GTEST_SKIP() << "SQLite has no partitions";
  std::string march = add_rows("w1", at(2030, 3, 3));
  std::string far = add_rows("w2", at(2040, 1, 1));
  ASSERT_EQ(partition_of(march), "audit_logs_default");
  auto report = maintain(at(2029, 6, 1));  // 2030-03 is not among the periods made ahead
  EXPECT_TRUE(has(report.created, "audit_logs_p2030_03"));
  EXPECT_EQ(report.moved, 1);
  EXPECT_EQ(partition_of(march), "audit_logs_p2030_03");
  EXPECT_EQ(report.stranded, 1) << "a row dated a decade ahead makes no partition";
  EXPECT_EQ(partition_of(far), "audit_logs_default");
  EXPECT_FALSE(has(partitions(), "audit_logs_p2040_01"));
}

TEST_P(AuditMaintenance, APartitionNamedInAQueryShowsOnlyItsWorkspacesRows) {
  if (!postgres()) GTEST_SKIP() << "row-level security is PostgreSQL's";
  maintain(at(2027, 6, 15));
  add_rows("w1", at(2027, 7, 1));   // a partition maintenance made
  add_rows("w1", at(2040, 1, 1));   // the default partition
  add_rows("w1", floor<seconds>(system_clock::now()));  // a partition the migrations made
  auto names = partitions();
  ASSERT_GE(names.size(), 5u);
  std::int64_t seen_by_w1 = 0;
  for (const auto& name : names) {
    EXPECT_EQ(count(name, {{"crest.workspace_id", "w2"}}), 0) << name;
    EXPECT_EQ(count(name, {}), 0) << name << " without a workspace";
    seen_by_w1 += count(name, {{"crest.workspace_id", "w1"}});
  }
  EXPECT_EQ(seen_by_w1, 3);
}

TEST_P(AuditMaintenance, ASecondMaintainerGivesUpAtOnce) {
  if (!postgres()) GTEST_SKIP() << "SQLite's deletes take turns at the single writer";
  HeldSession other(app_role_url());
  other.send("SELECT pg_advisory_lock(7165901503648068972);");  // the maintainer's key ("crestaul")
  for (int i = 0; i < 600 && count("pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto skipped = maintain(at(2027, 6, 15));
  EXPECT_TRUE(skipped.skipped);
  EXPECT_TRUE(skipped.created.empty());
  EXPECT_FALSE(has(partitions(), "audit_logs_p2027_06"));
  other.close();
  for (int i = 0; i < 600 && count("pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto done = maintain(at(2027, 6, 15));
  EXPECT_FALSE(done.skipped);
  EXPECT_TRUE(has(done.created, "audit_logs_p2027_06"));
}

// With pg_partman installed, it makes the partitions ahead and drops those past the retention (by
// the database's clock): the first run hands audit_logs over (crest's partitions keep their rows,
// and so does the default partition), and every partition it makes is secured in the same
// transaction.
TEST_P(AuditMaintenance, WithPgPartmanItMakesThePartitionsAheadAndDropsThosePastTheRetention) {
  if (!postgres()) GTEST_SKIP() << "pg_partman is a PostgreSQL extension";
  auto superuser = open();  // on this test's database
  auto as_superuser = [&](const std::string& sql) {
    return run([&]() -> boost::asio::awaitable<db::Result> { co_return co_await superuser->query(sql); }());
  };
  if (as_superuser("SELECT 1 AS x FROM pg_available_extensions WHERE name = 'pg_partman'").empty()) {
    if (std::getenv("CI")) FAIL() << "postgresql-15-partman is not installed (scripts/test installs it)";
    GTEST_SKIP() << "postgresql-15-partman is not installed";
  }
  const sys_seconds now = floor<seconds>(system_clock::now());
  const Period current = period_of(PartitionSpan::Month, now);
  // Before the extension, crest's own partitions: 14 months ago, and the migration's (named as
  // crest named them then: audit_logs_2026_12).
  maintain(now - days(430));
  std::string old_row = add_rows("w1", now - days(425));
  std::string recent = add_rows("w1", now);
  std::string stranded = add_rows("w1", now + days(800));  // too far ahead: stays in the default partition
  const std::string role = column("SELECT current_user AS u", {}).at(0);
  for (const std::string& statement :
       {std::string("CREATE SCHEMA partman"), std::string("CREATE EXTENSION pg_partman SCHEMA partman"),
        "GRANT USAGE, CREATE ON SCHEMA partman TO " + role, "GRANT ALL ON ALL TABLES IN SCHEMA partman TO " + role,
        "GRANT ALL ON ALL SEQUENCES IN SCHEMA partman TO " + role, "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA partman TO " + role})
    as_superuser(statement);

  auto first = maintain(now);
  EXPECT_TRUE(first.partman);
  const std::string old_partition = partition_name(PartitionSpan::Month, period_of(PartitionSpan::Month, now - days(425)));
  EXPECT_TRUE(has(first.dropped, old_partition)) << "past the 365 days";
  EXPECT_EQ(partition_of(old_row), "(gone)");
  EXPECT_EQ(partition_of(recent), partition_name(PartitionSpan::Month, current));
  EXPECT_EQ(partition_of(stranded), "audit_logs_default");
  Period ahead = current;
  for (int i = 0; i < 3; ++i) {
    ahead = next_period(PartitionSpan::Month, ahead);
    EXPECT_TRUE(has(partitions(), partition_name(PartitionSpan::Month, ahead))) << i + 1 << " ahead";
  }
  auto config = as_superuser("SELECT premake, retention, retention_keep_table::text AS keep, automatic_maintenance "
                             "FROM partman.part_config WHERE parent_table = 'public.audit_logs'");
  ASSERT_EQ(config.size(), 1u);
  EXPECT_EQ(config[0].integer("premake"), 3);
  EXPECT_EQ(config[0].text("retention"), "365 days");
  EXPECT_EQ(config[0].text("keep"), "false");
  EXPECT_EQ(config[0].text("automatic_maintenance"), "off") << "no other run of pg_partman makes an unsecured partition";
  EXPECT_TRUE(column("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                     "WHERE i.inhparent = 'audit_logs'::regclass AND (NOT c.relforcerowsecurity OR NOT EXISTS "
                     "(SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'audit_logs_tenant'))")
                  .empty())
      << "every partition, pg_partman's included, holds a query to its workspace";
  EXPECT_TRUE(partitions_missing_an_index().empty()) << "the list's indexes on pg_partman's partitions too";

  // Further ahead, by pg_partman: premake 5 makes two more, secured, and a row there is its workspace's only.
  auto more = maintain(now, PartitionSpan::Month, 5);
  ahead = next_period(PartitionSpan::Month, ahead);
  const std::string made = partition_name(PartitionSpan::Month, ahead);
  EXPECT_TRUE(has(more.created, made)) << made;
  std::string there = add_rows("w1", ahead.from + hours(1));
  EXPECT_EQ(partition_of(there), made);
  EXPECT_EQ(count(made, {{"crest.workspace_id", "w2"}}), 0);
  EXPECT_EQ(count(made, {{"crest.workspace_id", "w1"}}), 1);
  EXPECT_EQ(count(made, {}), 0) << "without a workspace";

  auto again = maintain(now, PartitionSpan::Month, 5);
  EXPECT_TRUE(again.created.empty());
  EXPECT_TRUE(again.dropped.empty());
  EXPECT_EQ(partition_of(stranded), "audit_logs_default");
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditMaintenance, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres), engine_name);

}  // namespace
}  // namespace crest::testing
