// The CRM tables as the product migrations create them, through the tenant handle and as the
// application's (RLS-bound) role: constraints answer 400, other workspaces stay invisible.
#include <gtest/gtest.h>

#include "common/list_filter.hpp"
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
      // Each row under the key its policy opens it by (migration 0007), as the services write them.
      for (const char* id : {"w1", "w2"}) {
        common::RlsSettings own{{"crest.workspace_id", std::string(id)}};
        co_await common::apply_rls_settings(tx, own);
        db::Params workspace{std::string(id), std::string("Workspace ") + id};
        co_await tx.query("INSERT INTO workspaces (id, name) VALUES ($1, $2)", workspace);
      }
      common::RlsSettings ann{{"crest.user_id", std::string("u1")}, {"crest.workspace_id", std::string("w1")}};
      co_await common::apply_rls_settings(tx, ann);
      db::Params user{std::string("u1"), std::string("ann@example.com"), std::string("Ann"), std::string("x")};
      co_await tx.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)", user);
      if (tx.engine() != db::Engine::Postgres) co_return;  // for the row-level security test below
      db::Params membership{std::string("m1"), std::string("w1"), std::string("u1"), std::string("Owner")};
      co_await tx.query("INSERT INTO memberships (id, workspace_id, user_id, role) VALUES ($1, $2, $3, $4)", membership);
      db::Params token{std::string("t1"), std::string("u1"), std::string("w1"), std::string("hash-1"), std::string("f1")};
      co_await tx.query("INSERT INTO refresh_tokens (id, user_id, workspace_id, token_hash, family_id, expires_at) "
                        "VALUES ($1, $2, $3, $4, $5, now() + interval '1 day')",
                        token);
      db::Params mail{std::string("o1"), std::string("w1"), std::string("mail"), std::string("{}")};
      co_await tx.query("INSERT INTO outbox (id, workspace_id, topic, payload) VALUES ($1, $2, $3, $4)", mail);
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

// The account tables are behind row-level security too (migration 0007): a query sees users,
// workspaces, refresh tokens and mail only by a key the request proved.
TEST_P(CrmSchema, AccountTablesShowOnlyWhatTheSessionsKeysOpen) {
  if (GetParam() != TestEngine::Postgres) GTEST_SKIP() << "row-level security is PostgreSQL's";
  auto ids = [&](std::string_view table, common::RlsSettings settings) {
    std::vector<std::string> out;
    run(common::with_rls(*database, std::move(settings), false, [&](db::Session& s) -> asio::awaitable<void> {
      db::Params none;
      auto rows = co_await s.query("SELECT id FROM " + std::string(table) + " ORDER BY id", none);
      for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].text("id"));
    }));
    return out;
  };
  using Ids = std::vector<std::string>;
  for (const char* table : {"users", "workspaces", "refresh_tokens", "outbox"})
    EXPECT_EQ(ids(table, {}), Ids{}) << table << " without any key";

  // A member's workspace sees them; another workspace does not.
  EXPECT_EQ(ids("users", {{"crest.workspace_id", "w1"}}), Ids{"u1"});
  EXPECT_EQ(ids("users", {{"crest.workspace_id", "w2"}}), Ids{});
  EXPECT_EQ(ids("users", {{"crest.user_id", "u1"}}), Ids{"u1"});
  EXPECT_EQ(ids("users", {{"crest.user_email", "ann@example.com"}}), Ids{"u1"});
  EXPECT_EQ(ids("users", {{"crest.user_email", "bob@example.com"}}), Ids{});
  // Workspaces: the current one, or the signed-in user's.
  EXPECT_EQ(ids("workspaces", {{"crest.workspace_id", "w2"}}), Ids{"w2"});
  EXPECT_EQ(ids("workspaces", {{"crest.user_id", "u1"}}), Ids{"w1"});
  // Refresh tokens: the user's, the one presented, the workspace's.
  EXPECT_EQ(ids("refresh_tokens", {{"crest.user_id", "u1"}}), Ids{"t1"});
  EXPECT_EQ(ids("refresh_tokens", {{"crest.refresh_token_hash", "hash-1"}}), Ids{"t1"});
  EXPECT_EQ(ids("refresh_tokens", {{"crest.refresh_token_hash", "hash-2"}}), Ids{});
  EXPECT_EQ(ids("refresh_tokens", {{"crest.workspace_id", "w2"}}), Ids{});
  // Mail: the workspace's own.
  EXPECT_EQ(ids("outbox", {{"crest.workspace_id", "w1"}}), Ids{"o1"});
  EXPECT_EQ(ids("outbox", {{"crest.workspace_id", "w2"}}), Ids{});

  // And no write lands in a row of another key: a user cannot be created for someone else.
  EXPECT_THROW(run(common::with_rls(*database, {{"crest.user_id", "u1"}}, true, [&](db::Session& s) -> asio::awaitable<void> {
                 db::Params forged{std::string("u2"), std::string("eve@example.com"), std::string("Eve"), std::string("x")};
                 co_await s.query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)", forged);
               })),
               db::DatabaseError);
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
  // As a caller who may read every deal and contact sees it (the service fills these in).
  db::Params params{std::string("w1"), std::string("c1")};
  common::fill_readable(sql, "deal_readable", params, nullptr, "Deal", {});
  common::fill_readable(sql, "contact_readable", params, nullptr, "Contact", {});
  auto plan = run(database->query("EXPLAIN QUERY PLAN " + sql, params));
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
