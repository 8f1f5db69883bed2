// Conditional Read rules hold on every read path, not only in the lists a service remembered to
// filter: a deployment (CREST_ROLE_RULES) lets Viewers read only what they own, and every route
// that returns those rows, or sums over them, answers accordingly. Both engines.
#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

constexpr const char* kViewerReadsItsOwn = R"({"Viewer": [
  {"action": "Read", "subject": "Company", "conditions": {"ownerId": "${user.id}"}},
  {"action": "Read", "subject": "Contact", "conditions": {"ownerId": "${user.id}"}},
  {"action": "Read", "subject": "Deal", "conditions": {"ownerId": "${user.id}"}},
  {"action": "Read", "subject": "Activity", "conditions": {"createdBy": "${user.id}"}},
  {"action": "Create", "subject": "Activity"},
  {"action": "Read", "subject": "Pipeline"},
  {"action": "Read", "subject": "AuditLog", "conditions": {"actorId": "${user.id}"}},
  {"action": "Read", "subject": "Member", "inverted": true},
  {"action": "Read", "subject": "Member", "conditions": {"userId": "${user.id}"}}
]})";

class ConditionalRead : public ApiTest {
 protected:
  std::map<std::string, std::string> environment() const override {
    static const std::string path = [] {
      auto file = std::filesystem::temp_directory_path() / ("crest-role-rules-" + std::to_string(::getpid()) + ".json");
      std::ofstream(file) << kViewerReadsItsOwn;
      return file.string();
    }();
    return {{"CREST_ROLE_RULES", path}};
  }

  std::string create(const Account& who, const std::string& path, json::object body) {
    auto r = server->call(who, "POST", path, body);
    EXPECT_EQ(r.status, 201) << path << ": " << r.body;
    return r.status == 201 ? text(r.json().at("data").at("id")) : std::string();
  }
  // The ids of every item of a list, and its total.
  std::pair<std::set<std::string>, std::int64_t> list(const Account& who, const std::string& path) {
    auto r = server->call(who, "GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    std::set<std::string> ids;
    if (r.status != 200) return {ids, -1};
    auto page = r.json();
    for (const auto& item : page.at("data").as_array())
      ids.insert(item.as_object().contains("id") ? text(item.at("id")) : text(item.at("user").at("id")));
    return {ids, page.at("meta").at("total").as_int64()};
  }
  int status(const Account& who, const std::string& path) { return server->call(who, "GET", path).status; }
};

TEST_P(ConditionalRead, EveryReadPathHoldsOnlyWhatTheRuleAllows) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bob = server->invite(ann, "bob@example.com", "Viewer");

  // Ann (Owner) creates one of each for herself and one for Bob.
  json::object company{{"industry", "Finance"}, {"employeeRange", "1-10"}};
  company["name"] = "Ann's";
  std::string anns_company = create(ann, "/api/v1/companies", company);
  company["name"] = "Bob's";
  company["ownerId"] = bob.user_id;
  std::string bobs_company = create(ann, "/api/v1/companies", company);
  std::string anns_contact = create(ann, "/api/v1/contacts", {{"firstName", "A"}, {"lastName", "One"}});
  std::string bobs_contact =
      create(ann, "/api/v1/contacts", {{"firstName", "B"}, {"lastName", "Two"}, {"ownerId", bob.user_id}});
  std::string anns_deal =
      create(ann, "/api/v1/deals", {{"title", "Big"}, {"companyId", anns_company}, {"amountCents", 900'000}});
  std::string bobs_deal = create(ann, "/api/v1/deals", {{"title", "Small"}, {"companyId", bobs_company},
                                                        {"amountCents", 1'200}, {"ownerId", bob.user_id}});
  std::string anns_activity = create(ann, "/api/v1/activities", {{"kind", "Call"}, {"subject", "Ann called"}});
  std::string bobs_activity = create(bob, "/api/v1/activities", {{"kind", "Note"}, {"subject", "Bob noted"}});
  ASSERT_FALSE(anns_company.empty() || bobs_company.empty() || anns_deal.empty() || bobs_deal.empty() ||
               anns_activity.empty() || bobs_activity.empty());

  // Lists: Bob pages through his own rows only, and the totals count only those.
  for (const auto& [path, mine] : {std::pair{"/api/v1/companies", bobs_company}, std::pair{"/api/v1/contacts", bobs_contact},
                                   std::pair{"/api/v1/deals", bobs_deal}, std::pair{"/api/v1/activities", bobs_activity}}) {
    auto [ids, total] = list(bob, path);
    EXPECT_EQ(ids, std::set<std::string>{mine}) << path;
    EXPECT_EQ(total, 1) << path;
    EXPECT_EQ(list(ann, path).second, 2) << path << ": the Owner still sees both";
  }
  // One by id: a row he may not read is as absent as another workspace's.
  for (const auto& [theirs, mine] : {std::pair{"/api/v1/companies/" + anns_company, "/api/v1/companies/" + bobs_company},
                                     std::pair{"/api/v1/contacts/" + anns_contact, "/api/v1/contacts/" + bobs_contact},
                                     std::pair{"/api/v1/deals/" + anns_deal, "/api/v1/deals/" + bobs_deal},
                                     std::pair{"/api/v1/activities/" + anns_activity, "/api/v1/activities/" + bobs_activity}}) {
    EXPECT_EQ(status(bob, theirs), 404) << theirs;
    EXPECT_EQ(status(bob, mine), 200) << mine;
    EXPECT_EQ(status(ann, theirs), 200) << theirs;
  }

  // Sums: the pipeline adds up only the deals he may read.
  auto pipeline = server->call(bob, "GET", "/api/v1/pipeline?currency=USD");
  ASSERT_EQ(pipeline.status, 200) << pipeline.body;
  json::value pipeline_body = pipeline.json();
  const auto& totals = pipeline_body.at("data").at("totals");
  EXPECT_EQ(totals.at("dealsCount").as_int64(), 1);
  EXPECT_EQ(totals.at("amountCents").as_int64(), 1'200);
  auto owners = server->call(ann, "GET", "/api/v1/pipeline?currency=USD");
  EXPECT_EQ(owners.json().at("data").at("totals").at("amountCents").as_int64(), 901'200);

  // The audit log shows him his own entries only; the members list, only himself.
  auto audit = server->call(bob, "GET", "/api/v1/audit-logs?limit=100");
  ASSERT_EQ(audit.status, 200) << audit.body;
  json::value audit_body = audit.json();
  ASSERT_FALSE(audit_body.at("data").as_array().empty()) << "Bob's own activity was audited";
  for (const auto& entry : audit_body.at("data").as_array())
    EXPECT_EQ(text(entry.at("actor").at("id")), bob.user_id) << json::serialize(entry);
  EXPECT_GT(list(ann, "/api/v1/audit-logs?limit=100").second, audit_body.at("meta").at("total").as_int64());
  auto members = list(bob, "/api/v1/members");
  EXPECT_EQ(members.first, std::set<std::string>{bob.user_id});
  EXPECT_EQ(list(ann, "/api/v1/members").second, 2);
}

// What a row embeds of another (a contact's company, a deal's company and contact) shows only
// when the caller may read it, and a company's counts and sums take in only readable deals.
TEST_P(ConditionalRead, EmbeddedReferencesAndSumsTakeInOnlyWhatTheCallerMayRead) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bob = server->invite(ann, "bob@example.com", "Viewer");
  json::object company{{"industry", "Finance"}, {"employeeRange", "1-10"}};
  company["name"] = "Ann's";
  std::string anns_company = create(ann, "/api/v1/companies", company);
  company["name"] = "Bob's";
  company["ownerId"] = bob.user_id;
  std::string bobs_company = create(ann, "/api/v1/companies", company);
  // Bob's contact and Bob's deal, both at Ann's company.
  std::string contact = create(ann, "/api/v1/contacts",
                               {{"firstName", "B"}, {"lastName", "Two"}, {"ownerId", bob.user_id}, {"companyId", anns_company}});
  std::string deal = create(ann, "/api/v1/deals", {{"title", "Mine there"}, {"companyId", anns_company}, {"amountCents", 700},
                                                   {"ownerId", bob.user_id}, {"contactId", contact}});
  // At Bob's company: one deal of his and one of Ann's.
  create(ann, "/api/v1/deals", {{"title", "Mine"}, {"companyId", bobs_company}, {"amountCents", 1'200}, {"ownerId", bob.user_id}});
  create(ann, "/api/v1/deals", {{"title", "Hers"}, {"companyId", bobs_company}, {"amountCents", 5'000}});
  ASSERT_FALSE(anns_company.empty() || bobs_company.empty() || contact.empty() || deal.empty());

  auto data_of = [&](const Account& who, const std::string& path) {
    auto r = server->call(who, "GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? r.json().at("data") : json::value(nullptr);
  };
  EXPECT_TRUE(data_of(bob, "/api/v1/contacts/" + contact).at("company").is_null()) << "Ann's company is not his to read";
  EXPECT_EQ(text(data_of(ann, "/api/v1/contacts/" + contact).at("company").at("name")), "Ann's");
  auto his_deal = data_of(bob, "/api/v1/deals/" + deal);
  EXPECT_TRUE(his_deal.at("company").is_null());
  EXPECT_EQ(text(his_deal.at("contact").at("id")), contact) << "his own contact shows";
  auto listed = data_of(bob, "/api/v1/contacts").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed.front().at("company").is_null());

  auto his_view = data_of(bob, "/api/v1/companies/" + bobs_company);
  EXPECT_EQ(his_view.at("openDealsCount").as_int64(), 1);
  EXPECT_EQ(his_view.at("pipelineValue").at("amountCents").as_int64(), 1'200);
  auto her_view = data_of(ann, "/api/v1/companies/" + bobs_company);
  EXPECT_EQ(her_view.at("openDealsCount").as_int64(), 2);
  EXPECT_EQ(her_view.at("pipelineValue").at("amountCents").as_int64(), 6'200);
  auto his_list = data_of(bob, "/api/v1/companies").as_array();
  ASSERT_EQ(his_list.size(), 1u);
  EXPECT_EQ(his_list.front().at("openDealsCount").as_int64(), 1);
}

TEST_P(ConditionalRead, MeShowsTheDeploymentsRulesWithTheCallerFilledIn) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bob = server->invite(ann, "bob@example.com", "Viewer");
  auto me = server->call(bob, "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  bool found = false;
  json::value me_body = me.json();
  for (const auto& rule : me_body.at("data").at("abilities").as_array()) {
    if (text(rule.at("subject")) != "Company") continue;
    found = true;
    EXPECT_EQ(text(rule.at("conditions").at("ownerId")), bob.user_id);
  }
  EXPECT_TRUE(found) << me.body;
}

CREST_API_TEST_ENGINES(ConditionalRead);

}  // namespace
}  // namespace crest::testing
