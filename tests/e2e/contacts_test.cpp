// Contacts over real HTTP on both engines: the view, search and filters, references checked in
// the workspace, and the company's contactsCount following along.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class Contacts : public ApiTest {
 protected:
  std::string create(const Account& who, const std::string& path, json::object body) {
    auto r = server->call(who, "POST", path, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return text(r.json().at("data").at("id"));
  }
  std::string globex(const Account& who) {
    return create(who, "/api/v1/companies", {{"name", "Globex"}, {"industry", "Retail"}, {"employeeRange", "1-10"}});
  }
};

TEST_P(Contacts, Create_AnswersTheViewWithCompanyOwnerAndFullName) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string company = globex(ann);
  json::object body{{"firstName", "Cy"}, {"lastName", "Doe"}, {"email", "Cy.Doe@Globex.com"}, {"companyId", company}};
  auto r = server->call(ann, "POST", "/api/v1/contacts", body);
  ASSERT_EQ(r.status, 201) << r.body;
  auto view = r.json().at("data");
  EXPECT_EQ(view.at("fullName"), "Cy Doe");
  EXPECT_EQ(view.at("company").at("name"), "Globex");
  EXPECT_EQ(text(view.at("owner").at("id")), ann.user_id);
  EXPECT_TRUE(view.at("phone").is_null());
  EXPECT_EQ(view.at("lastActivity").at("kind"), "None");
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/companies/" + company).json().at("data").at("contactsCount"), 1);
}

TEST_P(Contacts, List_SearchesNamesAndEmailAndFiltersByCompany) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string company = globex(ann);
  create(ann, "/api/v1/contacts", {{"firstName", "Cy"}, {"lastName", "Doe"}, {"email", "cy@globex.com"}, {"companyId", company}});
  create(ann, "/api/v1/contacts", {{"firstName", "Di"}, {"lastName", "Roe"}, {"email", "di@initech.com"}});
  auto total = [&](const std::string& query) {
    return server->call(ann, "GET", "/api/v1/contacts" + query).json().at("meta").at("total").as_int64();
  };
  EXPECT_EQ(total(""), 2);
  EXPECT_EQ(total("?search=GLOBEX"), 1);
  EXPECT_EQ(total("?search=roe"), 1);
  EXPECT_EQ(total("?companyId=" + company), 1);
  EXPECT_EQ(total("?ownerId=" + ann.user_id), 2);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/contacts?sortBy=email").status, 400);
}

TEST_P(Contacts, ReferencesMustBeInTheWorkspace_UpdateAndSoftDelete) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bea = server->register_account("bea@example.com", "Beta");
  std::string beas_company = globex(bea);
  json::object foreign{{"firstName", "X"}, {"lastName", "Y"}, {"companyId", beas_company}};
  auto r = server->call(ann, "POST", "/api/v1/contacts", foreign);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json().at("details").at(0).at("path"), "companyId");
  std::string id = create(ann, "/api/v1/contacts", {{"firstName", "Cy"}, {"lastName", "Doe"}});
  json::object change{{"title", "CTO"}, {"phone", "+1 555 0100"}};
  auto updated = server->call(ann, "PATCH", "/api/v1/contacts/" + id, change);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json().at("data").at("title"), "CTO");
  json::object bad_phone{{"phone", "call me"}};
  EXPECT_EQ(server->call(ann, "PATCH", "/api/v1/contacts/" + id, bad_phone).status, 400);
  EXPECT_EQ(server->call(ann, "DELETE", "/api/v1/contacts/" + id).status, 200);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/contacts/" + id).status, 404);
}

CREST_API_TEST_ENGINES(Contacts);

}  // namespace
}  // namespace crest::testing
