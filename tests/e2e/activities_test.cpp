// Activities over real HTTP on both engines: recording, the timeline filters, references checked
// within the workspace, and the company's lastActivity following along.
#include <boost/json.hpp>
#include <gtest/gtest.h>

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

CREST_API_TEST_ENGINES(Activities);

}  // namespace
}  // namespace crest::testing
