// The audit log over real HTTP on both engines: entries written with the change they record,
// Failure entries for denied or failed attempts, none for rolled-back work, and GET /audit-logs.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

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

CREST_API_TEST_ENGINES(Audit);

}  // namespace
}  // namespace crest::testing
