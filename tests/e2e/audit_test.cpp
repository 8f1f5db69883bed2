// The audit log over real HTTP on both engines: entries written with the change they record,
// Failure entries for denied or failed attempts, none for rolled-back work, and GET /audit-logs.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "core/util/time.hpp"
#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class Audit : public ApiTest {
 protected:
  json::array entries(const Account& who, const std::string& query = "") {
    auto r = server->call(who, "GET", "/api/v1/audit-logs" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("data").as_array();
  }
  static json::object company(const std::string& name) {
    return {{"name", name}, {"industry", "Retail"}, {"employeeRange", "1-10"}};
  }
};

TEST_P(Audit, CreateAndUpdateAreRecordedWithTheirChanges) {
  Account ann = server->register_account("ann@example.com", "Acme");
  auto created = server->call(ann, "POST", "/api/v1/companies", company("Globex"));
  ASSERT_EQ(created.status, 201);
  std::string id = text(created.json().at("data").at("id"));
  json::object change{{"status", "Active"}, {"name", "Globex"}};  // name unchanged: not a change
  ASSERT_EQ(server->call(ann, "PATCH", "/api/v1/companies/" + id, change).status, 200);

  auto log = entries(ann, "?subject=Company");
  ASSERT_EQ(log.size(), 2u);
  auto update = log[0].as_object();  // newest first
  EXPECT_EQ(update.at("action"), "Update");
  EXPECT_EQ(update.at("status"), "Success");
  EXPECT_EQ(text(update.at("subjectId")), id);
  EXPECT_EQ(text(update.at("actor").at("id")), ann.user_id);
  EXPECT_EQ(update.at("changes").at("status").at("before"), "Prospect");
  EXPECT_EQ(update.at("changes").at("status").at("after"), "Active");
  EXPECT_FALSE(update.at("changes").as_object().contains("name"));
  auto create = log[1].as_object();
  EXPECT_EQ(create.at("action"), "Create");
  EXPECT_EQ(create.at("changes").at("name").at("after"), "Globex");
  EXPECT_FALSE(text(create.at("requestId")).empty());
}

// Workspaces are not tenant rows; their entries still commit with the change, in the log of the
// workspace changed (a new workspace's in its own).
TEST_P(Audit, WorkspaceCreateAndUpdateAreRecordedWithTheirChanges) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object second{{"name", "Second"}};
  auto created = server->call(ann, "POST", "/api/v1/workspaces", second);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string second_id = text(created.json().at("data").at("id"));
  Account in_second = server->login("ann@example.com", "correct horse", second_id);
  auto log = entries(in_second, "?subject=Workspace");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at("action"), "Create");
  EXPECT_EQ(text(log[0].at("subjectId")), second_id);
  EXPECT_EQ(log[0].at("changes").at("name").at("after"), "Second");
  EXPECT_TRUE(entries(ann, "?subject=Workspace").empty());  // not in the workspace it was made from

  json::object rename{{"name", "Acme Inc"}};
  ASSERT_EQ(server->call(ann, "PATCH", "/api/v1/workspaces/current", rename).status, 200);
  log = entries(ann, "?subject=Workspace");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at("action"), "Update");
  EXPECT_EQ(log[0].at("status"), "Success");
  EXPECT_EQ(log[0].at("changes").at("name").at("before"), "Acme");
  EXPECT_EQ(log[0].at("changes").at("name").at("after"), "Acme Inc");
  EXPECT_FALSE(log[0].at("changes").as_object().contains("plan"));  // unchanged
}

// from/to compare instants: the same moment written with an offset selects the same entries.
TEST_P(Audit, FromAndToCompareInstantsWhateverTheOffset) {
  Account ann = server->register_account("ann@example.com", "Acme");
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/companies", company("Globex")).status, 201);
  auto log = entries(ann, "?subject=Company");
  ASSERT_EQ(log.size(), 1u);
  auto at = parse_iso8601(text(log[0].at("time")));
  ASSERT_TRUE(at);
  // The instant one second before and after the entry, spelled in UTC+02:00 and UTC-05:00.
  auto spelled = [](std::chrono::system_clock::time_point instant, int offset_hours) {
    std::string local = iso8601(instant + std::chrono::hours(offset_hours));
    local.pop_back();  // the Z
    return local + (offset_hours >= 0 ? "%2B0" : "-0") + std::to_string(std::abs(offset_hours)) + ":00";
  };
  auto before = *at - std::chrono::seconds(1), after = *at + std::chrono::seconds(1);
  EXPECT_EQ(entries(ann, "?subject=Company&from=" + spelled(before, 2)).size(), 1u);
  EXPECT_EQ(entries(ann, "?subject=Company&to=" + spelled(after, -5)).size(), 1u);
  EXPECT_EQ(entries(ann, "?subject=Company&from=" + spelled(after, -5)).size(), 0u);
  EXPECT_EQ(entries(ann, "?subject=Company&to=" + spelled(before, 2)).size(), 0u);
}

TEST_P(Audit, DeniedAndFailedAttemptsGetAFailureEntryAndRolledBackWorkNoSuccess) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account vic = server->invite(ann, "vic@example.com", "Viewer");
  EXPECT_EQ(server->call(vic, "POST", "/api/v1/companies", company("Nope")).status, 403);
  json::object bad_owner = company("Half");
  bad_owner["ownerId"] = "00000000-0000-4000-8000-000000000001";
  EXPECT_EQ(server->call(ann, "POST", "/api/v1/companies", bad_owner).status, 400);  // fails inside the transaction

  auto log = entries(ann, "?subject=Company");
  ASSERT_EQ(log.size(), 2u);
  for (const auto& entry : log) {
    EXPECT_EQ(entry.at("status"), "Failure");
    EXPECT_TRUE(entry.at("changes").as_object().empty());
  }
  EXPECT_EQ(text(log[1].at("actor").at("id")), vic.user_id);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/companies").json().at("meta").at("total"), 0);
  EXPECT_EQ(server->sql("SELECT count(*) FROM audit_logs WHERE status = 'Success' AND subject = 'Company'"), "0\n");
}

TEST_P(Audit, OnlyAdminsAndOwnersReadTheLog_AndOtherWorkspacesStayOut) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account adam = server->invite(ann, "adam@example.com", "Admin");
  Account vic = server->invite(ann, "vic@example.com", "Viewer");
  Account bea = server->register_account("bea@example.com", "Beta");
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/companies", company("Globex")).status, 201);
  EXPECT_EQ(server->call(vic, "GET", "/api/v1/audit-logs").status, 403);
  EXPECT_FALSE(entries(adam).empty());
  EXPECT_TRUE(entries(bea).empty());
  json::object role{{"role", "Operator"}};
  ASSERT_EQ(server->call(ann, "PATCH", "/api/v1/members/" + vic.user_id, role).status, 200);
  auto member = entries(ann, "?subject=Member&action=Update");
  ASSERT_EQ(member.size(), 1u);
  EXPECT_EQ(member[0].at("changes").at("role").at("after"), "Operator");
}

// Entries on both sides of month boundaries (on PostgreSQL: in different partitions, the default
// one among them): newest first across them, pages that cross them, and from/to bounds exactly on
// a boundary (from inclusive, to exclusive).
TEST_P(Audit, TheListPagesAndFiltersRunAcrossPartitionBoundaries) {
  using namespace std::chrono;
  Account ann = server->register_account("ann@example.com", "Acme");
  auto month_start = [](int months_ahead) {
    year_month_day today{floor<days>(system_clock::now())};
    year_month first = today.year() / today.month() + months{months_ahead};
    return system_clock::time_point(sys_days(first / day(1)));
  };
  const auto m1 = month_start(1), m2 = month_start(2);
  const std::vector<system_clock::time_point> times{month_start(0) + hours(1), m1 - milliseconds(1), m1,
                                                    m2 - milliseconds(1), m2, m2 + days(400)};
  for (std::size_t i = 0; i < times.size(); ++i) {
    std::string at = iso8601(times[i]);
    server->sql("INSERT INTO audit_logs (id, workspace_id, action, subject, status, created_at) VALUES "
                "('01900000-0000-7000-8000-00000000000" + std::to_string(i) + "', '" + ann.workspace_id +
                "', '" + (i % 2 ? "Update" : "Create") + "', 'Probe', 'Success', '" + at + "')");
  }
  if (GetParam() == "postgres") {
    auto holders = lines_of(server->sql("SELECT DISTINCT tableoid::regclass::text FROM audit_logs WHERE subject = 'Probe'"));
    EXPECT_GE(holders.size(), 4u) << "the entries sit in several partitions";
  }
  auto ids = [](const json::array& page) {
    std::vector<std::string> out;
    for (const auto& entry : page) out.push_back(text(entry.at("id")).substr(35));
    return out;
  };
  EXPECT_EQ(ids(entries(ann, "?subject=Probe")), (std::vector<std::string>{"5", "4", "3", "2", "1", "0"}));
  EXPECT_EQ(ids(entries(ann, "?subject=Probe&limit=4&page=2")), (std::vector<std::string>{"1", "0"}));
  EXPECT_EQ(ids(entries(ann, "?subject=Probe&from=" + iso8601(m1) + "&to=" + iso8601(m2))),
            (std::vector<std::string>{"3", "2"}));
  EXPECT_EQ(ids(entries(ann, "?subject=Probe&action=Update&from=" + iso8601(m1 - milliseconds(1)))),
            (std::vector<std::string>{"5", "3", "1"}));
}

// GET /audit-logs/stats over entries dated in a past week: every day present (zeros included)
// with its label, one array per group, the previous period's total, other workspaces' entries
// never counted, Admins only, and bad periods refused with 400.
TEST_P(Audit, StatsChartEveryBucketOfThePeriodPerGroupForAdminsOnly) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account vic = server->invite(ann, "vic@example.com", "Viewer");
  Account bea = server->register_account("bea@example.com", "Beta");
  int n = 0;
  auto add = [&](const Account& in, const std::string& action, const std::string& at, const std::string& actor) {
    std::string id = std::to_string(n++);
    server->sql("INSERT INTO audit_logs (id, workspace_id, actor_id, action, subject, status, created_at) VALUES "
                "('01900000-0000-7000-8000-" + std::string(12 - id.size(), '0') + id + "', '" + in.workspace_id + "', " +
                (actor.empty() ? "NULL" : "'" + actor + "'") + ", '" + action + "', 'Company', 'Success', '" + at + "')");
  };
  add(ann, "Create", "2026-03-02T09:00:00.000Z", ann.user_id);  // Monday
  add(ann, "Create", "2026-03-02T23:59:59.999Z", ann.user_id);
  add(ann, "Update", "2026-03-04T12:00:00.000Z", ann.user_id);  // Wednesday
  add(ann, "Purge", "2026-03-08T03:00:00.000Z", "");             // Sunday, the system
  add(ann, "Create", "2026-02-25T10:00:00.000Z", ann.user_id);  // the week before
  add(bea, "Create", "2026-03-03T10:00:00.000Z", bea.user_id);  // another workspace

  const std::string week = "/api/v1/audit-logs/stats?from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z";
  auto r = server->call(ann, "GET", week);
  ASSERT_EQ(r.status, 200) << r.body;
  json::value data = r.json().at("data");
  EXPECT_EQ(data.at("bucket"), "day");
  EXPECT_EQ(data.at("groupBy"), "action");
  const auto& buckets = data.at("buckets").as_array();
  ASSERT_EQ(buckets.size(), 7u);
  EXPECT_EQ(buckets[0].at("start"), "2026-03-02T00:00:00.000Z");
  EXPECT_EQ(buckets[0].at("label"), "Mon 2 Mar");
  EXPECT_EQ(buckets[6].at("label"), "Sun 8 Mar");
  const auto& series = data.at("series").as_array();
  ASSERT_EQ(series.size(), 3u) << r.body;
  EXPECT_EQ(series[0].at("key"), "Create");
  EXPECT_EQ(series[0].at("values"), json::parse("[2, 0, 0, 0, 0, 0, 0]"));
  EXPECT_EQ(series[1].at("key"), "Purge");
  EXPECT_EQ(series[1].at("values"), json::parse("[0, 0, 0, 0, 0, 0, 1]"));
  EXPECT_EQ(series[2].at("values"), json::parse("[0, 0, 1, 0, 0, 0, 0]"));
  EXPECT_EQ(data.at("total"), 4);
  EXPECT_EQ(data.at("previousTotal"), 1);
  EXPECT_EQ(data.at("change").at("label"), "+300% vs previous period");

  auto by_actor = server->call(ann, "GET", week + "&groupBy=actor&bucket=week");
  ASSERT_EQ(by_actor.status, 200) << by_actor.body;
  json::value actors = by_actor.json().at("data");
  ASSERT_EQ(actors.at("buckets").as_array().size(), 1u);
  EXPECT_EQ(actors.at("buckets").as_array()[0].at("label"), "Week of 2 Mar");
  ASSERT_EQ(actors.at("series").as_array().size(), 2u);
  EXPECT_EQ(text(actors.at("series").as_array()[0].at("key")), ann.user_id);
  EXPECT_EQ(actors.at("series").as_array()[0].at("total"), 3);
  EXPECT_EQ(actors.at("series").as_array()[1].at("label"), "System");

  auto hourly = server->call(ann, "GET", "/api/v1/audit-logs/stats?from=2026-03-02T08:30:00Z&to=2026-03-02T10:00:00Z&bucket=hour");
  ASSERT_EQ(hourly.status, 200) << hourly.body;
  EXPECT_EQ(hourly.json().at("data").at("buckets").as_array().size(), 2u) << "08:00 and 09:00";
  EXPECT_EQ(hourly.json().at("data").at("series").as_array()[0].at("values"), json::parse("[0, 1]"));

  EXPECT_EQ(server->call(vic, "GET", week).status, 403);
  EXPECT_EQ(server->call(ann, "GET", week + "&bucket=minute").status, 400);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/audit-logs/stats?from=2026-03-09T00:00:00Z&to=2026-03-02T00:00:00Z").status, 400);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/audit-logs/stats?from=1990-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=hour").status, 400)
      << "more than 2000 buckets";
  auto theirs = server->call(bea, "GET", week);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.json().at("data").at("total"), 1) << "each workspace counts its own";

  // The same answers once the worker's audit.rollup cron has the rollups (the entries were
  // written below the watermark: each hour was marked stale and counted again).
  const std::vector<std::string> asked{week, week + "&groupBy=actor&bucket=week",
                                       "/api/v1/audit-logs/stats?from=2026-03-02T08:30:00Z&to=2026-03-02T10:00:00Z&bucket=hour",
                                       "/api/v1/audit-logs/stats?from=2026-02-23T00:00:00Z&to=2026-03-09T00:00:00Z&groupBy=status&bucket=week"};
  std::vector<json::value> raw;
  for (const auto& path : asked) raw.push_back(server->call(ann, "GET", path).json().at("data"));
  {
    auto worker = server->start_worker({{"CREST_AUDIT_ROLLUP_SCHEDULE", "* * * * * *"}});
    const std::string counted = "SELECT count(*) FROM audit_rollups_daily WHERE bucket < '2026-03-09'";
    for (int i = 0; i < 600 && (lines_of(server->sql("SELECT count(*) FROM rollup_stale")) != std::vector<std::string>{"0"} ||
                                lines_of(server->sql(counted)) == std::vector<std::string>{"0"});
         ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(worker->stop(15), 0);
  }
  ASSERT_NE(lines_of(server->sql("SELECT count(*) FROM audit_rollups_daily")), std::vector<std::string>{"0"});
  for (std::size_t i = 0; i < asked.size(); ++i)
    EXPECT_EQ(server->call(ann, "GET", asked[i]).json().at("data"), raw[i]) << asked[i];

  // A late entry on the Tuesday: its day is read raw until the next refresh, so the chart has it now.
  add(ann, "Create", "2026-03-03T10:00:00.000Z", ann.user_id);
  auto late = server->call(ann, "GET", week).json().at("data");
  EXPECT_EQ(late.at("series").as_array()[0].at("values"), json::parse("[2, 1, 0, 0, 0, 0, 0]"));
  EXPECT_EQ(late.at("total"), 5);
}

CREST_API_TEST_ENGINES(Audit);

}  // namespace
}  // namespace crest::testing
