// Activities over real HTTP on both engines: recording, the timeline filters, references checked
// within the workspace, and the company's lastActivity following along.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class Activities : public ApiTest {
 protected:
  std::string company(const Account& who, const std::string& name) {
    json::object body{{"name", name}, {"industry", "Retail"}, {"employeeRange", "1-10"}};
    auto r = server->call(who, "POST", "/api/v1/companies", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return text(r.json().at("data").at("id"));
  }
};

TEST_P(Activities, RecordedActivityShowsOnTheTimelineAndAsTheCompanysLastActivity) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string globex = company(ann, "Globex");
  std::string hooli = company(ann, "Hooli");
  json::object call{{"kind", "Call"}, {"subject", "Intro call"}, {"companyId", globex}};
  auto r = server->call(ann, "POST", "/api/v1/activities", call);
  ASSERT_EQ(r.status, 201) << r.body;
  auto view = r.json().at("data");
  EXPECT_EQ(view.at("company").at("name"), "Globex");
  EXPECT_TRUE(view.at("contact").is_null());
  EXPECT_TRUE(view.at("body").is_null());
  EXPECT_EQ(view.at("label"), "just now");
  json::object old_note{{"kind", "Note"}, {"subject", "Met at a fair"}, {"at", "2024-01-01T09:00:00.000Z"},
                        {"companyId", hooli}};
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/activities", old_note).status, 201);

  auto timeline = server->call(ann, "GET", "/api/v1/activities?companyId=" + globex).json();
  EXPECT_EQ(timeline.at("meta").at("total"), 1);
  EXPECT_EQ(timeline.at("data").at(0).at("subject"), "Intro call");
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/activities?kind=Note").json().at("meta").at("total"), 1);
  auto company_view = server->call(ann, "GET", "/api/v1/companies/" + globex).json().at("data");
  EXPECT_EQ(company_view.at("lastActivity").at("kind"), "Call");
  EXPECT_EQ(company_view.at("lastActivity").at("label"), "just now");
}

TEST_P(Activities, ReferencesMustBeRowsOfTheSameWorkspace) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bea = server->register_account("bea@example.com", "Beta");
  std::string beas_company = company(bea, "Beta Corp");
  json::object foreign{{"kind", "Call"}, {"subject", "?"}, {"companyId", beas_company}};
  auto r = server->call(ann, "POST", "/api/v1/activities", foreign);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("details").at(0).at("path"), "companyId");
  json::object bad_kind{{"kind", "Fax"}, {"subject", "?"}};
  EXPECT_EQ(server->call(ann, "POST", "/api/v1/activities", bad_kind).status, 400);
  EXPECT_EQ(server->call(bea, "GET", "/api/v1/activities").json().at("meta").at("total"), 0);
}

TEST_P(Activities, AnInstantWithAnOffsetIsStoredAndShownInUtc_OnBothEngines) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object note{{"kind", "Note"}, {"subject", "Offset"}, {"at", "2026-01-01T10:00:00+05:00"}};
  auto r = server->call(ann, "POST", "/api/v1/activities", note);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("data").at("at"), "2026-01-01T05:00:00.000Z");
  auto listed = server->call(ann, "GET", "/api/v1/activities").json().at("data").at(0);
  EXPECT_EQ(listed.at("at"), "2026-01-01T05:00:00.000Z");
  // And it sorts as the instant it is: before a note at 06:00Z.
  json::object later{{"kind", "Note"}, {"subject", "Later"}, {"at", "2026-01-01T06:00:00Z"}};
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/activities", later).status, 201);
  auto newest = server->call(ann, "GET", "/api/v1/activities").json().at("data").at(0);
  EXPECT_EQ(newest.at("subject"), "Later");
}

// GET /activities/timeline: every day (or week) of the period with its label, one array per kind
// or per member who logged them, deleted activities not counted, the previous period's total,
// other workspaces kept out, 400 for a bad period.
TEST_P(Activities, TheTimelineChartsEveryDayByKindOrByWhoLoggedThem) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account otto = server->invite(ann, "otto@example.com", "Operator");
  Account bea = server->register_account("bea@example.com", "Beta");
  auto log = [&](const Account& who, const std::string& kind, const std::string& at) {
    json::object body{{"kind", kind}, {"subject", "S"}, {"at", at}};
    auto r = server->call(who, "POST", "/api/v1/activities", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return text(r.json().at("data").at("id"));
  };
  log(ann, "Call", "2026-03-02T09:00:00+01:00");  // Monday 08:00 UTC
  log(ann, "Call", "2026-03-02T23:30:00Z");
  log(otto, "Meeting", "2026-03-04T12:00:00Z");
  std::string gone = log(otto, "Note", "2026-03-05T12:00:00Z");
  log(ann, "Note", "2026-02-26T12:00:00Z");  // the week before
  log(bea, "Call", "2026-03-03T12:00:00Z");  // another workspace
  server->sql("UPDATE activities SET deleted_at = updated_at WHERE id = '" + gone + "'");

  const std::string week = "/api/v1/activities/timeline?from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z";
  auto r = server->call(ann, "GET", week);
  ASSERT_EQ(r.status, 200) << r.body;
  json::value data = r.json().at("data");
  ASSERT_EQ(data.at("buckets").as_array().size(), 7u);
  EXPECT_EQ(data.at("buckets").as_array()[3].at("label"), "Thu 5 Mar");
  const auto& series = data.at("series").as_array();
  ASSERT_EQ(series.size(), 2u) << r.body;
  EXPECT_EQ(series[0].at("key"), "Call");
  EXPECT_EQ(series[0].at("values"), json::parse("[2, 0, 0, 0, 0, 0, 0]"));
  EXPECT_EQ(series[1].at("key"), "Meeting");
  EXPECT_EQ(series[1].at("values"), json::parse("[0, 0, 1, 0, 0, 0, 0]")) << "the deleted note is not counted";
  EXPECT_EQ(data.at("total"), 3);
  EXPECT_EQ(data.at("previousTotal"), 1);
  EXPECT_EQ(data.at("change").at("label"), "+200% vs previous period");

  auto by_owner = server->call(otto, "GET", week + "&groupBy=owner&bucket=week");
  ASSERT_EQ(by_owner.status, 200) << by_owner.body;
  json::value owners = by_owner.json().at("data");
  ASSERT_EQ(owners.at("buckets").as_array().size(), 1u);
  ASSERT_EQ(owners.at("series").as_array().size(), 2u);
  EXPECT_EQ(text(owners.at("series").as_array()[0].at("key")), ann.user_id);
  EXPECT_EQ(owners.at("series").as_array()[0].at("total"), 2);
  EXPECT_EQ(text(owners.at("series").as_array()[1].at("key")), otto.user_id);

  EXPECT_EQ(server->call(ann, "GET", week + "&bucket=hour").status, 400) << "days and weeks only";
  EXPECT_EQ(server->call(ann, "GET", week + "&groupBy=company").status, 400);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/activities/timeline?from=2026-03-09T00:00:00Z&to=2026-03-02T00:00:00Z").status, 400);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/activities/timeline?from=1900-01-01T00:00:00Z&to=2026-01-01T00:00:00Z").status, 400)
      << "more than 2000 days";
  EXPECT_EQ(server->call(bea, "GET", week).json().at("data").at("total"), 1) << "each workspace counts its own";

  // The same answers once the worker's activities.rollup cron has the daily rollup (the
  // activities were dated below the watermark: each day was marked stale and counted again).
  const std::vector<std::string> asked{week, week + "&groupBy=owner&bucket=week",
                                       "/api/v1/activities/timeline?from=2026-02-23T00:00:00Z&to=2026-03-09T00:00:00Z&bucket=week"};
  std::vector<json::value> raw;
  for (const auto& path : asked) raw.push_back(server->call(ann, "GET", path).json().at("data"));
  {
    auto worker = server->start_worker({{"CREST_ACTIVITY_ROLLUP_SCHEDULE", "* * * * * *"}});
    for (int i = 0; i < 600 && (lines_of(server->sql("SELECT count(*) FROM rollup_stale WHERE name = 'activities'")) !=
                                    std::vector<std::string>{"0"} ||
                                lines_of(server->sql("SELECT count(*) FROM activity_rollups_daily")) == std::vector<std::string>{"0"});
         ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(worker->stop(15), 0);
  }
  ASSERT_NE(lines_of(server->sql("SELECT count(*) FROM activity_rollups_daily")), std::vector<std::string>{"0"});
  for (std::size_t i = 0; i < asked.size(); ++i)
    EXPECT_EQ(server->call(ann, "GET", asked[i]).json().at("data"), raw[i]) << asked[i];

  // An activity moved from Monday to Friday: both days are read raw until the next refresh, so
  // the chart has the move now.
  server->sql("UPDATE activities SET at = '2026-03-06T10:00:00.000Z' WHERE workspace_id = '" + ann.workspace_id +
              "' AND at = '2026-03-02T23:30:00.000Z'");
  auto moved = server->call(ann, "GET", week).json().at("data");
  EXPECT_EQ(moved.at("series").as_array()[0].at("values"), json::parse("[1, 0, 0, 0, 1, 0, 0]"));
  EXPECT_EQ(moved.at("total"), 3);
}

CREST_API_TEST_ENGINES(Activities);

}  // namespace
}  // namespace crest::testing
