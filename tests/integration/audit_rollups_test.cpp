// The audit log's rollups (modules/audit/audit_rollups.cpp), on both engines, as the application's
// RLS-bound role: a refresh counts the whole hours past the watermark into the hourly and daily
// rollups, a row written below the watermark marks its hour stale and the next refresh counts it
// again, a long catch-up goes a month at a time, and (PostgreSQL) a transaction older than the
// watermark's move holds the new hours back until it ends.
#include <gtest/gtest.h>

#include <thread>

#include "common/tenant_db.hpp"
#include "core/db/migrations.hpp"
#include "core/util/time.hpp"
#include "core/util/uuid.hpp"
#include "modules/audit/audit_maintenance.hpp"
#include "modules/audit/audit_rollups.hpp"
#include "support/migrated_database.hpp"
#include "support/held_session.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
using namespace std::chrono;

class AuditRollups : public MigratedDatabaseTest {
 protected:
  void SetUp() override {
    MigratedDatabaseTest::SetUp();
    if (IsSkipped()) return;
    // The migration's watermark: the hour it ran in (the log was empty).
    run(database->snapshot([&](db::Session& s) -> asio::awaitable<void> {
      auto rows = co_await s.query("SELECT aggregated_before FROM rollup_state WHERE name = 'audit'");
      start = floor<seconds>(*parse_iso8601(rows[0].time("aggregated_before")));
    }));
    ASSERT_EQ(start, floor<hours>(start));
  }
  void add(const std::string& workspace, sys_seconds when, const std::string& action = "Create", int count = 1) {
    run(common::with_rls(*database, {{"crest.workspace_id", workspace}}, true, [&](db::Session& s) -> asio::awaitable<void> {
      for (int i = 0; i < count; ++i) {
        db::Params row{uuid_v7(), workspace, action, iso8601(system_clock::time_point(when))};
        co_await s.query("INSERT INTO audit_logs (id, workspace_id, action, subject, status, created_at) "
                         "VALUES ($1, $2, $3, 'Company', 'Success', $4)", std::move(row));
      }
    }));
  }
  // What the maintainer sees: SELECT's first column, as text, one per row.
  std::vector<std::string> column(const std::string& sql) {
    return MigratedDatabaseTest::column(sql, {{"crest.audit_maintenance", "on"}});
  }
  std::int64_t number(const std::string& sql) { return MigratedDatabaseTest::number(sql, {{"crest.audit_maintenance", "on"}}); }
  std::int64_t hourly(const std::string& workspace, sys_seconds hour) {
    std::string at = iso8601(system_clock::time_point(hour));
    std::string bucket = postgres() ? "bucket = '" + at + "'::timestamptz" : "bucket = '" + at + "'";
    return number("SELECT coalesce(sum(n), 0) AS n FROM audit_rollups_hourly WHERE workspace_id = '" + workspace + "' AND " + bucket);
  }
  std::int64_t daily(const std::string& workspace) {
    return number("SELECT coalesce(sum(n), 0) AS n FROM audit_rollups_daily WHERE workspace_id = '" + workspace + "'");
  }
  common::RollupRefreshReport refresh(sys_seconds now, milliseconds wait = seconds(30)) {
    return run(modules::audit::refresh_audit_rollups(*database, now, wait));
  }

  sys_seconds start;
};

TEST_P(AuditRollups, WholeHoursPastTheWatermarkAreCountedIntoHoursAndDays) {
  add("w1", start + minutes(10), "Create", 3);
  add("w1", start + minutes(70), "Update", 2);
  add("w2", start + minutes(80));
  add("w1", start + minutes(130));  // the hour still under way at refresh time
  auto report = refresh(start + minutes(150));
  EXPECT_EQ(report.aggregated_before, iso8601(system_clock::time_point(start + hours(2))));
  EXPECT_FALSE(report.waited_out);
  EXPECT_EQ(hourly("w1", start), 3);
  EXPECT_EQ(hourly("w1", start + hours(1)), 2);
  EXPECT_EQ(hourly("w2", start + hours(1)), 1);
  EXPECT_EQ(hourly("w1", start + hours(2)), 0) << "not a whole hour yet";
  EXPECT_EQ(daily("w1"), 5);
  EXPECT_EQ(daily("w2"), 1);

  auto next = refresh(start + minutes(190));
  EXPECT_EQ(hourly("w1", start + hours(2)), 1);
  EXPECT_EQ(daily("w1"), 6);
  EXPECT_EQ(next.stale_buckets, 0);
}

TEST_P(AuditRollups, ARowWrittenBelowTheWatermarkMarksItsHourWhichTheNextRefreshCountsAgain) {
  add("w1", start + minutes(10), "Create", 2);
  refresh(start + minutes(70));
  ASSERT_EQ(hourly("w1", start), 2);
  add("w1", start + minutes(20));  // late: its hour is in the rollups already
  add("w2", start - hours(30));    // far below the watermark, a day of its own
  EXPECT_EQ(number("SELECT count(*) AS n FROM rollup_stale"), 2);
  EXPECT_EQ(hourly("w1", start), 2) << "the rollup is stale until the next refresh (reads take that hour raw)";
  auto report = refresh(start + minutes(75));
  EXPECT_EQ(report.stale_buckets, 2);
  EXPECT_EQ(hourly("w1", start), 3);
  EXPECT_EQ(hourly("w2", start - hours(30)), 1);
  EXPECT_EQ(daily("w1"), 3);
  EXPECT_EQ(daily("w2"), 1);
  EXPECT_EQ(number("SELECT count(*) AS n FROM rollup_stale"), 0);
}

TEST_P(AuditRollups, ALongCatchUpGoesAMonthAtATime) {
  add("w1", start + days(10));
  add("w1", start + days(40));
  auto first = refresh(start + days(60));
  EXPECT_EQ(first.aggregated_before, iso8601(system_clock::time_point(start + days(31))));
  EXPECT_EQ(daily("w1"), 1);
  auto second = refresh(start + days(60));
  EXPECT_EQ(second.aggregated_before, iso8601(system_clock::time_point(floor<hours>(start + days(60) - minutes(1)))));
  EXPECT_EQ(daily("w1"), 2);
}

TEST_P(AuditRollups, ATransactionOlderThanTheWatermarksMoveHoldsTheNewHoursBack) {
  if (!postgres()) GTEST_SKIP() << "SQLite's refresh holds the single writer: no transaction runs beside it";
  add("w1", start + minutes(10));
  // Another session of the same role opens a transaction with an id and keeps it open until the
  // test commits it.
  HeldSession holder(app_role_url());
  holder.send("BEGIN; SELECT pg_current_xact_id();");
  for (int i = 0; i < 600 && number("SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE '%pg_current_xact_id();%' "
                                    "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()") == 0; ++i)
    std::this_thread::sleep_for(milliseconds(50));
  auto held = refresh(start + minutes(70), milliseconds(300));
  EXPECT_TRUE(held.waited_out);
  EXPECT_EQ(held.aggregated_before, iso8601(system_clock::time_point(start))) << "the watermark did not move";
  EXPECT_EQ(hourly("w1", start), 0);
  add("w1", start + minutes(30));  // below the new invalidation watermark: marked, and counted either way
  holder.send("COMMIT;");
  holder.close();
  auto later = refresh(start + minutes(70), seconds(60));
  EXPECT_FALSE(later.waited_out);
  EXPECT_EQ(hourly("w1", start), 2);
}

// A late row whose hour is already marked, written by a transaction still open while a refresh
// takes the mark: the refresh waits for it (the trigger locks the mark) rather than count the hour
// without the row and forget the mark.
TEST_P(AuditRollups, ALateRowInAnHourAlreadyMarkedIsNotLostToARefreshRunningMeanwhile) {
  if (!postgres()) GTEST_SKIP() << "SQLite's refresh holds the single writer: no transaction runs beside it";
  refresh(start + minutes(70));
  const sys_seconds hour = start - hours(5);
  add("w1", hour + minutes(1));  // late: marks the hour
  HeldSession writer(app_role_url());
  writer.send("BEGIN; SET LOCAL crest.workspace_id = 'w1'; INSERT INTO audit_logs (id, workspace_id, action, subject, status, "
              "created_at) VALUES ('01900000-0000-7000-8000-000000000abc', 'w1', 'Create', 'Company', 'Success', '" +
              iso8601(system_clock::time_point(hour + minutes(2))) + "');");
  for (int i = 0; i < 600 && number("SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'idle in transaction' "
                                    "AND query LIKE '%000000000abc%'") == 0; ++i)
    std::this_thread::sleep_for(milliseconds(50));
  EXPECT_ANY_THROW(refresh(start + minutes(75), milliseconds(100))) << "the refresh waits on the locked mark (up to its lock_timeout)";
  writer.send("COMMIT;");
  writer.close();
  for (int i = 0; i < 600 && number("SELECT count(*) AS n FROM audit_logs WHERE id = '01900000-0000-7000-8000-000000000abc'") == 0; ++i)
    std::this_thread::sleep_for(milliseconds(50));
  refresh(start + minutes(75));
  EXPECT_EQ(hourly("w1", hour), 2) << "both late rows are counted";
  EXPECT_EQ(number("SELECT count(*) AS n FROM rollup_stale"), 0);
}

// The retention removes a day's first hours (SQLite deletes rows, to a whole hour): that day's
// rollup is counted again from the hours that remain, not kept whole nor dropped whole.
TEST_P(AuditRollups, RetentionThatCutsADayLeavesItsRollupCountingWhatRemains) {
  const sys_seconds day = floor<days>(start - days(400));
  add("w1", day + hours(1));
  add("w1", day + hours(20));
  refresh(start + minutes(70));
  ASSERT_EQ(daily("w1"), 2);
  modules::audit::AuditRetentionPolicy policy;
  policy.retention = days(365);
  run(modules::audit::maintain_audit_log(*database, policy, day + hours(10) + days(365)));
  refresh(start + minutes(75));
  if (postgres()) {
    EXPECT_EQ(daily("w1"), 2) << "PostgreSQL drops whole partitions: that month is kept, rows and rollups";
  } else {
    EXPECT_EQ(hourly("w1", day + hours(1)), 0);
    EXPECT_EQ(hourly("w1", day + hours(20)), 1);
    EXPECT_EQ(daily("w1"), 1) << "the day's rollup counts the hour that remains";
  }
}

TEST_P(AuditRollups, ASecondRefresherGivesUpAtOnceAndTheFirstsWorkStands) {
  if (!postgres()) GTEST_SKIP() << "SQLite's refreshes take turns at the single writer";
  add("w1", start + minutes(10));
  HeldSession other(app_role_url());
  other.send("SELECT pg_advisory_lock(7165901503649181548);");  // the refresher's key ("crestrol")
  for (int i = 0; i < 600 && number("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0; ++i)
    std::this_thread::sleep_for(milliseconds(50));
  auto skipped = refresh(start + minutes(70));
  EXPECT_TRUE(skipped.skipped);
  EXPECT_EQ(hourly("w1", start), 0);
  other.close();
  for (int i = 0; i < 600 && number("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") > 0; ++i)
    std::this_thread::sleep_for(milliseconds(50));
  auto done = refresh(start + minutes(70));
  EXPECT_FALSE(done.skipped);
  EXPECT_EQ(hourly("w1", start), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditRollups, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres), engine_name);

}  // namespace
}  // namespace crest::testing
