// Deals and the pipeline over real HTTP on both engines: the view, moving stages (activity,
// stageChangedAt, closedAt in one transaction), the pipeline per stage, and the Pipeline role's
// conditions and fields.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <regex>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class Deals : public ApiTest {
 protected:
  std::string create(const Account& who, const std::string& path, json::object body) {
    auto r = server->call(who, "POST", path, body);
    EXPECT_EQ(r.status, 201) << path << ": " << r.body;
    return r.status == 201 ? text(r.json().at("data").at("id")) : std::string();
  }
  std::string company(const Account& who) {
    return create(who, "/api/v1/companies", {{"name", "Globex"}, {"industry", "Retail"}, {"employeeRange", "1-10"}});
  }
  std::string deal(const Account& who, const std::string& company_id, std::int64_t cents, const std::string& currency = "USD") {
    return create(who, "/api/v1/deals", {{"title", "Pilot"}, {"companyId", company_id}, {"amountCents", cents}, {"currency", currency}});
  }
};

TEST_P(Deals, Create_AnswersTheViewWithMoneyLabelAndStageClock) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string globex = company(ann);
  json::object body{{"title", "Pilot"}, {"companyId", globex}, {"amountCents", 1'230'000}, {"expectedCloseDate", "2026-12-31"}};
  auto r = server->call(ann, "POST", "/api/v1/deals", body);
  ASSERT_EQ(r.status, 201) << r.body;
  auto view = r.json().at("data");
  EXPECT_EQ(view.at("stage"), "New");
  EXPECT_EQ(view.at("amount").at("label"), "$12,300");
  EXPECT_EQ(view.at("company").at("name"), "Globex");
  EXPECT_EQ(view.at("daysInStage"), 0);
  EXPECT_TRUE(view.at("closedAt").is_null());
  EXPECT_EQ(view.at("expectedCloseDate"), "2026-12-31");
  json::object bad_date = body;
  bad_date["expectedCloseDate"] = "31/12/2026";
  EXPECT_EQ(server->call(ann, "POST", "/api/v1/deals", bad_date).status, 400);
}

TEST_P(Deals, MoveStage_RecordsAnActivityAndClosesOnWonOrLost) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string globex = company(ann);
  std::string id = deal(ann, globex, 500'000);
  json::object won{{"stage", "Won"}, {"reason", "Signed"}};
  auto moved = server->call(ann, "POST", "/api/v1/deals/" + id + "/stage", won);
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto view = moved.json().at("data");
  EXPECT_EQ(view.at("stage"), "Won");
  EXPECT_FALSE(view.at("closedAt").is_null());
  auto timeline = server->call(ann, "GET", "/api/v1/activities?dealId=" + id).json();
  ASSERT_EQ(timeline.at("meta").at("total"), 1);
  EXPECT_EQ(timeline.at("data").at(0).at("kind"), "Deal Won");
  EXPECT_EQ(timeline.at("data").at(0).at("body"), "Signed");
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/companies/" + globex).json().at("data").at("lastActivity").at("kind"), "Deal Won");
  EXPECT_EQ(server->call(ann, "POST", "/api/v1/deals/" + id + "/stage", won).status, 409);  // already there
  json::object reopen{{"stage", "Negotiation"}};
  auto reopened = server->call(ann, "POST", "/api/v1/deals/" + id + "/stage", reopen).json().at("data");
  EXPECT_TRUE(reopened.at("closedAt").is_null());
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/activities?dealId=" + id).json().at("meta").at("total"), 2);
  // The audit entry of the move shows its times as the API does: ISO 8601 UTC on both engines.
  auto log = server->call(ann, "GET", "/api/v1/audit-logs?action=MoveStage").json();
  ASSERT_EQ(log.at("data").as_array().size(), 3u) << log;  // Won, the refused repeat (Failure), reopened
  // closedAt changes on both moves whatever the clock says; stageChangedAt may not when a move
  // lands in the millisecond the deal was made, and an unchanged field is not a change.
  auto closing = log.at("data").at(2).at("changes");  // oldest: the move to Won
  auto reopening = log.at("data").at(0).at("changes");
  std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  ASSERT_TRUE(closing.as_object().contains("closedAt")) << log;
  ASSERT_TRUE(reopening.as_object().contains("closedAt")) << log;
  EXPECT_TRUE(std::regex_match(text(closing.at("closedAt").at("after")), iso)) << closing;
  EXPECT_TRUE(std::regex_match(text(reopening.at("closedAt").at("before")), iso)) << reopening;
  EXPECT_TRUE(reopening.at("closedAt").at("after").is_null()) << reopening;
}

TEST_P(Deals, Pipeline_ListsEveryStageInOrderWithZerosAndTotals) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string globex = company(ann);
  deal(ann, globex, 100'000);
  deal(ann, globex, 250'000);
  std::string won = deal(ann, globex, 1'000'000);
  deal(ann, globex, 777, "EUR");  // another currency: not in the USD pipeline
  json::object to_won{{"stage", "Won"}};
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/deals/" + won + "/stage", to_won).status, 200);
  auto pipeline = server->call(ann, "GET", "/api/v1/pipeline").json().at("data");
  auto stages = pipeline.at("stages").as_array();
  ASSERT_EQ(stages.size(), 6u);
  EXPECT_EQ(stages[0].at("stage"), "New");
  EXPECT_EQ(stages[0].at("dealsCount"), 2);
  EXPECT_EQ(stages[0].at("label"), "$3,500");
  EXPECT_EQ(stages[1].at("dealsCount"), 0);  // zeros included
  EXPECT_EQ(stages[4].at("stage"), "Won");
  EXPECT_EQ(stages[4].at("amountCents"), 1'000'000);
  EXPECT_EQ(pipeline.at("totals").at("dealsCount"), 3);
  EXPECT_EQ(pipeline.at("totals").at("label"), "$13,500");
  auto euros = server->call(ann, "GET", "/api/v1/pipeline?currency=EUR").json().at("data");
  EXPECT_EQ(euros.at("totals").at("label"), "€7.77");
}

TEST_P(Deals, PipelineRole_MovesItsOwnDealsOnlyAndOnlyAllowedFields) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account pia = server->invite(ann, "pia@example.com", "Pipeline");
  std::string globex = company(ann);
  std::string annes = deal(ann, globex, 1000);
  std::string pias = deal(pia, globex, 2000);  // Pipeline may create deals; they own them
  json::object qualified{{"stage", "Qualified"}};
  EXPECT_EQ(server->call(pia, "POST", "/api/v1/deals/" + pias + "/stage", qualified).status, 200);
  EXPECT_EQ(server->call(pia, "POST", "/api/v1/deals/" + annes + "/stage", qualified).status, 403);
  json::object reassign{{"ownerId", ann.user_id}};
  auto refused = server->call(pia, "PATCH", "/api/v1/deals/" + pias, reassign);
  ASSERT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json().at("details").at(0).at("path"), "ownerId");
  json::object retitle{{"title", "Pilot, phase 2"}};
  EXPECT_EQ(server->call(pia, "PATCH", "/api/v1/deals/" + pias, retitle).status, 200);
  EXPECT_EQ(server->call(pia, "DELETE", "/api/v1/deals/" + pias).status, 403);
}

CREST_API_TEST_ENGINES(Deals);

}  // namespace
}  // namespace crest::testing
