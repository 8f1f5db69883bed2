// The CRM tables as the product migrations create them, through the tenant handle and as the
// application's (RLS-bound) role: constraints answer 400, other workspaces stay invisible.
#include <gtest/gtest.h>

#include "common/tenant_db.hpp"
#include "core/db/errors.hpp"
#include "core/db/migrations.hpp"
#include "core/db/sql_files.hpp"
#include "support/database_fixture.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
using common::Fields;
using common::TenantDb;

class CrmSchema : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped()) return;
    database = db::open_database(app_role_url(), {});
    auto engine = GetParam() == TestEngine::Postgres ? db::Engine::Postgres : db::Engine::Sqlite;
    auto migrations = db::product_migrations(engine);
    run(db::migrate_up(*database, migrations));
    run(database->transaction([&](db::Session& tx) -> asio::awaitable<void> {
      for (const char* id : {"w1", "w2"}) {
        db::Params workspace{std::string(id), std::string("Workspace ") + id};
        co_await tx.query("INSERT INTO workspaces (id, name) VALUES ($1, $2)", workspace);
      }
      db::Params user{std::string("u1"), std::string("ann@example.com"), std::string("Ann"), std::string("x")};
      co_await tx.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)", user);
    }));
    a = std::make_unique<TenantDb>(*database, common::Tenant{"w1", "u1"});
    b = std::make_unique<TenantDb>(*database, common::Tenant{"w2", "u1"});
  }
  void TearDown() override {
    a.reset();
    b.reset();
    DatabaseTest::TearDown();
  }

  std::string company(TenantDb& tenant, const std::string& name) {
    Fields fields{{"name", name}, {"industry", std::string("Technology")}, {"employee_range", std::string("11-50")},
                  {"owner_id", std::string("u1")}};
    return run(tenant.insert("companies", fields)).front().text("id");
  }

  std::unique_ptr<TenantDb> a, b;
};

TEST_P(CrmSchema, CompanyDefaultsAndRelatedRowsChain) {
  std::string acme = company(*a, "Acme");
  EXPECT_EQ(run(a->find_by_id("companies", acme)).front().text("status"), "Prospect");
  Fields contact{{"first_name", std::string("Cy")}, {"last_name", std::string("Doe")}, {"company_id", acme}};
  std::string cy = run(a->insert("contacts", contact)).front().text("id");
  Fields deal{{"title", std::string("Pilot")}, {"company_id", acme}, {"contact_id", cy},
              {"amount_cents", std::int64_t{1'230'000}}};
  auto created = run(a->insert("deals", deal));
  EXPECT_EQ(created.front().text("stage"), "New");
  EXPECT_EQ(created.front().text("currency"), "USD");
  Fields activity{{"kind", std::string("Call")}, {"subject", std::string("Intro")},
                  {"at", std::string("2026-11-20T10:00:00.000Z")}, {"company_id", acme}};
  EXPECT_EQ(run(a->insert("activities", activity)).front().text("kind"), "Call");
}

TEST_P(CrmSchema, EnumsAndAmountsAreCheckedByTheDatabaseToo) {
  Fields bad_industry{{"name", std::string("X")}, {"industry", std::string("Mining")},
                      {"employee_range", std::string("11-50")}};
  EXPECT_THROW(run(a->insert("companies", bad_industry)), db::ConstraintViolation);
  std::string acme = company(*a, "Acme");
  Fields negative{{"title", std::string("Refund")}, {"company_id", acme}, {"amount_cents", std::int64_t{-1}}};
  EXPECT_THROW(run(a->insert("deals", negative)), db::ConstraintViolation);
  Fields bad_kind{{"kind", std::string("Fax")}, {"subject", std::string("?")}, {"at", std::string("2026-11-20T10:00:00.000Z")}};
  EXPECT_THROW(run(a->insert("activities", bad_kind)), db::ConstraintViolation);
  Fields orphan{{"title", std::string("Ghost")}, {"company_id", std::string("nope")}, {"amount_cents", std::int64_t{1}}};
  EXPECT_THROW(run(a->insert("deals", orphan)), db::ForeignKeyViolation);
}

TEST_P(CrmSchema, OtherWorkspacesCompaniesStayInvisible) {
  std::string acme = company(*a, "Acme");
  company(*b, "Beta");
  EXPECT_THROW(run(b->find_by_id("companies", acme)), NotFound);
  if (GetParam() != TestEngine::Postgres) return;
  // The second wall: an unscoped query in B's transaction sees B's company only.
  db::Result seen;
  run(b->transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
    db::Params none;
    seen = co_await s.unscoped().query("SELECT name FROM companies", none);
  }));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen.front().text("name"), "Beta");
}

// One company's contacts, deals and activities are found through (workspace_id, parent) indexes,
// not by reading the whole workspace: SQLite keeps no statistics, so without them its planner
// took the workspace-wide indexes, and sorted activities it could have read in order.
TEST_P(CrmSchema, OneCompanysRowsAreReadThroughTheirParentIndexes) {
  if (GetParam() == TestEngine::Postgres) {
    // PostgreSQL plans by statistics; here the indexes must exist with the workspace first.
    auto indexes = run(database->query(
        "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
        "('contacts_company_idx', 'deals_company_idx', 'activities_company_idx') ORDER BY indexname", {}));
    ASSERT_EQ(indexes.size(), 3u);
    for (std::size_t i = 0; i < indexes.size(); ++i)
      EXPECT_NE(indexes[i].text("indexdef").find("(workspace_id, "), std::string::npos) << indexes[i].text("indexdef");
    return;
  }
  std::string sql(db::sql_file("src/modules/companies/queries/view.sql"));
  auto plan = run(database->query("EXPLAIN QUERY PLAN " + sql, {std::string("w1"), std::string("c1")}));
  std::string steps;
  for (std::size_t i = 0; i < plan.size(); ++i) steps += plan[i].text("detail") + "\n";
  EXPECT_NE(steps.find("contacts_company_idx (workspace_id=? AND company_id=?)"), std::string::npos) << steps;
  EXPECT_NE(steps.find("deals_open_idx (workspace_id=? AND company_id=?)"), std::string::npos) << steps;
  EXPECT_NE(steps.find("activities_company_idx (workspace_id=? AND company_id=?)"), std::string::npos) << steps;
  EXPECT_EQ(steps.find("TEMP B-TREE"), std::string::npos) << steps;  // nothing sorted or grouped apart
}

INSTANTIATE_TEST_SUITE_P(Engines, CrmSchema, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres), engine_name);

}  // namespace
}  // namespace crest::testing
