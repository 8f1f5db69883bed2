// The activities' daily rollup (modules/activities/activity_rollups.cpp), on both engines, as the
// application's RLS-bound role: a refresh counts the whole days past the watermark by kind and
// owner, every write that changes what a day counts marks the day it leaves and the day it enters
// (an edit of `at`, kind or owner, a soft delete, a late row), the next refresh counts them again,
// and an upgrade starts both rollups' watermarks at the first row they have to count.
#include <gtest/gtest.h>

#include "core/util/time.hpp"
#include "core/util/uuid.hpp"
#include "modules/activities/activity_rollups.hpp"
#include "modules/audit/audit_rollups.hpp"
#include "support/migrated_database.hpp"

namespace crest::testing {
namespace {
using namespace std::chrono;

const common::RlsSettings kRefresher{{"crest.activity_rollup", "on"}};

std::string iso(sys_seconds at) { return iso8601(system_clock::time_point(at)); }

// A rollup's watermark: every bucket below it is counted.
class RollupTest : public MigratedDatabaseTest {
 protected:
  sys_seconds aggregated_before(const std::string& name) {
    sys_seconds at{};
    run(common::with_rls(*database, kRefresher, false, [&](db::Session& s) -> boost::asio::awaitable<void> {
      db::Params which{name};
      auto rows = co_await s.query("SELECT aggregated_before FROM rollup_state WHERE name = $1", std::move(which));
      at = floor<seconds>(*parse_iso8601(rows[0].time("aggregated_before")));
    }));
    return at;
  }
};

class ActivityRollups : public RollupTest {
 protected:
  void SetUp() override {
    RollupTest::SetUp();
    if (IsSkipped()) return;
    start = aggregated_before("activities");
  }
  std::string add(const std::string& workspace, sys_seconds at, const std::string& kind = "Call",
                  const std::string& owner = "u1") {
    std::string id = uuid_v7();
    db::Params row{id, workspace, kind, iso(at), owner.empty() ? db::Value(nullptr) : db::Value(owner)};
    exec(workspace, "INSERT INTO activities (id, workspace_id, kind, subject, at, created_by) VALUES ($1, $2, $3, 'S', $4, $5)",
         std::move(row));
    return id;
  }
  void change(const std::string& id, const std::string& set, db::Params params = {}) {
    params.push_back(db::Value(id));
    std::string sql = "UPDATE activities SET " + set + " WHERE id = $" + std::to_string(params.size());
    exec("w1", sql, std::move(params));
  }
  std::int64_t daily(const std::string& workspace, sys_seconds day, const std::string& where = "TRUE") {
    std::string bucket = postgres() ? "bucket = '" + iso(day) + "'::timestamptz" : "bucket = '" + iso(day) + "'";
    return number("SELECT coalesce(sum(n), 0) AS n FROM activity_rollups_daily WHERE workspace_id = '" + workspace +
                      "' AND " + bucket + " AND " + where,
                  kRefresher);
  }
  std::int64_t stale() { return number("SELECT count(*) AS n FROM rollup_stale WHERE name = 'activities'", kRefresher); }
  common::RollupRefreshReport refresh(sys_seconds now) {
    return run(modules::activities::refresh_activity_rollups(*database, now));
  }

  sys_seconds start;  // the migration's watermark: the day it ran (no activity yet)
};

TEST_P(ActivityRollups, WholeDaysPastTheWatermarkAreCountedByKindAndOwner) {
  ASSERT_EQ(start, floor<days>(start));
  add("w1", start + hours(2));
  add("w1", start + hours(3));
  add("w1", start + hours(4), "Note", "");
  add("w2", start + hours(5), "Meeting", "u2");
  change(add("w1", start + hours(6)), "deleted_at = updated_at");
  add("w1", start + days(1) + hours(1));  // the day still under way at refresh time
  EXPECT_EQ(stale(), 0) << "rows past the watermark mark nothing";

  auto report = refresh(start + days(1) + hours(2));
  EXPECT_EQ(report.aggregated_before, iso(start + days(1)));
  EXPECT_EQ(daily("w1", start), 3) << "the soft-deleted activity is not counted";
  EXPECT_EQ(daily("w1", start, "kind = 'Call'"), 2);
  EXPECT_EQ(daily("w1", start, "owner_id = 'u1'"), 2);
  EXPECT_EQ(daily("w1", start, "owner_id = ''"), 1) << "nobody's";
  EXPECT_EQ(daily("w2", start), 1);
  EXPECT_EQ(daily("w1", start + days(1)), 0) << "not a whole day yet";

  refresh(start + days(2) + minutes(5));
  EXPECT_EQ(daily("w1", start + days(1)), 1);
}

TEST_P(ActivityRollups, AnEditMarksTheDayItLeavesAndTheDayItEntersAndTheNextRefreshCountsBoth) {
  std::string moved = add("w1", start + hours(2));
  std::string deleted = add("w1", start + hours(3), "Note");
  std::string retyped = add("w1", start + days(1) + hours(3), "Note");
  refresh(start + days(2) + minutes(5));
  ASSERT_EQ(daily("w1", start), 2);
  ASSERT_EQ(daily("w1", start + days(1)), 1);

  change(moved, "subject = 'renamed'");
  EXPECT_EQ(stale(), 0) << "what no day counts changes nothing";
  change(moved, "at = $1", {db::Value(iso(start + days(1) + hours(1)))});
  EXPECT_EQ(stale(), 2) << "the day it left and the day it entered";
  change(deleted, "deleted_at = updated_at");
  change(retyped, "kind = 'Meeting'");
  add("w1", start - days(3));  // late
  EXPECT_EQ(stale(), 3);
  EXPECT_EQ(daily("w1", start), 2) << "stale until the next refresh (reads take those days raw)";

  auto report = refresh(start + days(2) + minutes(10));
  EXPECT_EQ(report.stale_buckets, 3);
  EXPECT_EQ(daily("w1", start), 0);
  EXPECT_EQ(daily("w1", start + days(1)), 2);
  EXPECT_EQ(daily("w1", start + days(1), "kind = 'Meeting'"), 1);
  EXPECT_EQ(daily("w1", start - days(3)), 1);
  EXPECT_EQ(stale(), 0);

  exec("w1", "DELETE FROM activities WHERE id = $1", {db::Value(deleted)}, {{"crest.purge", "on"}});
  EXPECT_EQ(stale(), 0) << "purging a soft-deleted row changes no count";
}

// Both rollups start where the rows they count start, also when the migrator is held by row-level
// security (it would see no row): activities written before migration 0017, audit entries
// written before 0016.
class RollupUpgrade : public RollupTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped()) return;
    open_as_app();
    migrate(15);
    add_workspaces();
  }
};

TEST_P(RollupUpgrade, AnUpgradeCountsWhatWasWrittenBeforeTheRollupsExisted) {
  const sys_seconds day = floor<days>(system_clock::now()) - days(40);
  exec("w1", "INSERT INTO audit_logs (id, workspace_id, action, subject, status, created_at) "
             "VALUES ($1, 'w1', 'Create', 'Company', 'Success', $2)",
       {db::Value(uuid_v7()), db::Value(iso(day + hours(10) + minutes(5)))});
  migrate(16);
  exec("w1", "INSERT INTO activities (id, workspace_id, kind, subject, at) VALUES ($1, 'w1', 'Call', 'S', $2)",
       {db::Value(uuid_v7()), db::Value(iso(day + hours(9)))});
  migrate();
  const common::RlsSettings maintainer{{"crest.audit_maintenance", "on"}, {"crest.activity_rollup", "on"}};
  EXPECT_EQ(aggregated_before("activities"), day);
  EXPECT_EQ(aggregated_before("audit"), day + hours(10));

  auto now = floor<seconds>(system_clock::now());
  run(modules::activities::refresh_activity_rollups(*database, now));
  run(modules::audit::refresh_audit_rollups(*database, now));
  EXPECT_EQ(number("SELECT coalesce(sum(n), 0) AS n FROM activity_rollups_daily", maintainer), 1);
  EXPECT_EQ(number("SELECT coalesce(sum(n), 0) AS n FROM audit_rollups_daily", maintainer), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, ActivityRollups, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres), engine_name);
INSTANTIATE_TEST_SUITE_P(Engines, RollupUpgrade, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres), engine_name);

}  // namespace
}  // namespace crest::testing
