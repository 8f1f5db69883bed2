// Sums of money past int64 on both engines: a deal holds up to 10^15 cents, so some 9,300 of them
// overflow int64. The pipeline, a company's view and the companies list stay 200s, exact while
// int64 holds the sum and saturated, with an "at least" label, beyond.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

constexpr std::int64_t kLargestDeal = 1'000'000'000'000'000;  // the schema's maximum amountCents
constexpr std::int64_t kSaturated = std::numeric_limits<std::int64_t>::max();

class MoneySums : public ApiTest {
 protected:
  std::string create_company(const Account& who, const std::string& name) {
    json::object body{{"name", name}, {"industry", "Finance"}, {"employeeRange", "1000+"}};
    auto r = server->call(who, "POST", "/api/v1/companies", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? text(r.json().at("data").at("id")) : std::string();
  }
  // `count` open deals of `cents` each, written straight to the database (fast: one statement).
  void insert_deals(const Account& who, const std::string& company_id, int count, std::int64_t cents,
                    const std::string& currency, const std::string& stage) {
    std::string id_prefix = "'" + company_id + "-" + currency + "-" + stage + "-' || i";
    std::string values = "SELECT " + id_prefix + ", '" + who.workspace_id + "', 'Large', '" + company_id + "', '" +
                         stage + "', " + std::to_string(cents) + ", '" + currency + "'";
    std::string columns = "INSERT INTO deals (id, workspace_id, title, company_id, stage, amount_cents, currency) ";
    if (GetParam() == "sqlite")
      server->sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(count) +
                  ") " + columns + values + " FROM n");
    else
      server->sql(columns + values + " FROM generate_series(1, " + std::to_string(count) + ") AS i");
  }
  json::value get_data(const Account& who, const std::string& path) {
    auto r = server->call(who, "GET", path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? r.json().at("data") : json::value();
  }
};

TEST_P(MoneySums, SumsPastInt64AreSaturatedNeverA500AndExactWhileTheyFit) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string whale = create_company(ann, "Whale");
  std::string dolphin = create_company(ann, "Dolphin");
  ASSERT_FALSE(whale.empty());
  ASSERT_FALSE(dolphin.empty());
  // Whale: 10,000 USD deals of 10^15 = 10^19 cents, over INT64_MAX; each stage's 5 * 10^18 fits.
  insert_deals(ann, whale, 5'000, kLargestDeal, "USD", "New");
  insert_deals(ann, whale, 5'000, kLargestDeal, "USD", "Qualified");
  // Dolphin: 9,000 EUR deals of 10^15 and one of 123 cents = 9,000,000,000,000,000,123: fits.
  insert_deals(ann, dolphin, 9'000, kLargestDeal, "EUR", "Negotiation");
  insert_deals(ann, dolphin, 1, 123, "EUR", "New");
  constexpr std::int64_t kDolphinCents = 9'000'000'000'000'000'123;

  auto usd = get_data(ann, "/api/v1/pipeline?currency=USD");
  ASSERT_TRUE(usd.is_object());
  for (const auto& stage : usd.at("stages").as_array()) {
    if (stage.at("stage") == "New" || stage.at("stage") == "Qualified") {
      EXPECT_EQ(stage.at("dealsCount"), 5'000) << stage;
      EXPECT_EQ(stage.at("amountCents").to_number<std::int64_t>(), 5 * 1'000'000'000'000'000'000) << stage;
      EXPECT_EQ(stage.at("label"), "$50,000,000,000,000,000") << stage;
    }
  }
  EXPECT_EQ(usd.at("totals").at("dealsCount"), 10'000);
  EXPECT_EQ(usd.at("totals").at("amountCents").to_number<std::int64_t>(), kSaturated);
  EXPECT_EQ(usd.at("totals").at("label"), "at least $92,233,720,368,547,758.07");

  auto eur = get_data(ann, "/api/v1/pipeline?currency=EUR");
  ASSERT_TRUE(eur.is_object());
  EXPECT_EQ(eur.at("totals").at("dealsCount"), 9'001);
  EXPECT_EQ(eur.at("totals").at("amountCents").to_number<std::int64_t>(), kDolphinCents);
  EXPECT_EQ(eur.at("totals").at("label"), "€90,000,000,000,000,001.23");

  auto whale_view = get_data(ann, "/api/v1/companies/" + whale);
  ASSERT_TRUE(whale_view.is_object());
  EXPECT_EQ(whale_view.at("openDealsCount"), 10'000);
  EXPECT_EQ(whale_view.at("pipelineValue").at("amountCents").to_number<std::int64_t>(), kSaturated);
  EXPECT_EQ(whale_view.at("pipelineValue").at("currency"), "USD");
  EXPECT_EQ(whale_view.at("pipelineValue").at("label"), "at least $92,233,720,368,547,758.07");

  auto dolphin_view = get_data(ann, "/api/v1/companies/" + dolphin);
  ASSERT_TRUE(dolphin_view.is_object());
  EXPECT_EQ(dolphin_view.at("openDealsCount"), 9'001);
  EXPECT_EQ(dolphin_view.at("pipelineValue").at("amountCents").to_number<std::int64_t>(), kDolphinCents);
  EXPECT_EQ(dolphin_view.at("pipelineValue").at("currency"), "EUR");

  // The list reads the same sums for the whole page at once; it shows what each view shows.
  auto list = get_data(ann, "/api/v1/companies?limit=100");
  ASSERT_TRUE(list.is_array());
  int seen = 0;
  for (const auto& company : list.as_array()) {
    std::string id = text(company.at("id"));
    if (id == whale) {
      ++seen;
      EXPECT_EQ(company.at("pipelineValue"), whale_view.at("pipelineValue")) << company;
      EXPECT_EQ(company.at("openDealsCount"), 10'000);
    } else if (id == dolphin) {
      ++seen;
      EXPECT_EQ(company.at("pipelineValue"), dolphin_view.at("pipelineValue")) << company;
      EXPECT_EQ(company.at("openDealsCount"), 9'001);
    }
  }
  EXPECT_EQ(seen, 2) << list;
}

CREST_API_TEST_ENGINES(MoneySums);

}  // namespace
}  // namespace crest::testing
