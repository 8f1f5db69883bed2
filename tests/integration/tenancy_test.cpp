// Tenancy by construction, on both engines; the row-level security wall on PostgreSQL.
#include <gtest/gtest.h>

#include <regex>

#include "common/tenant_db.hpp"
#include "core/db/errors.hpp"
#include "core/errors.hpp"
#include "support/database_fixture.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
using common::Fields;
using common::TenantDb;

// How a tenant table is declared: audit columns, soft delete, and on PostgreSQL the policy.
constexpr std::string_view kNotesSqlite =
    "CREATE TABLE notes (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, title TEXT NOT NULL, "
    "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT, created_by TEXT, updated_by TEXT)";
constexpr std::string_view kNotesPostgres =
    "CREATE TABLE notes (id text PRIMARY KEY, workspace_id text NOT NULL, title text NOT NULL, "
    "created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, deleted_at timestamptz, "
    "created_by text, updated_by text);"
    "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE notes FORCE ROW LEVEL SECURITY;"
    "CREATE POLICY tenant_isolation ON notes "
    "USING (workspace_id = current_setting('crest.workspace_id', true)) "
    "WITH CHECK (workspace_id = current_setting('crest.workspace_id', true));";

class Tenancy : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped()) return;
    database = db::open_database(app_role_url(), {});
    std::string ddl(GetParam() == TestEngine::Postgres ? kNotesPostgres : kNotesSqlite);
    run(database->with_session([&](db::Session& s) -> asio::awaitable<void> { co_await s.execute_script(ddl); }));
    a = std::make_unique<TenantDb>(*database, common::Tenant{"workspace-a", "user-a"});
    b = std::make_unique<TenantDb>(*database, common::Tenant{"workspace-b", "user-b"});
  }
  void TearDown() override {
    a.reset();
    b.reset();
    DatabaseTest::TearDown();
  }

  std::string insert(TenantDb& tenant, const std::string& title) {
    Fields fields{{"title", title}};
    auto row = run(tenant.insert("notes", fields));
    return row.front().text("id");
  }

  // One round of ADeferredInsertTravelsWithTheNextStatementOrTheCommit, in a workspace of its own.
  void deferred_insert_round(bool count_trips, bool pipeline, const std::string& workspace) {
    db::PoolOptions one;
    one.max_connections = 1;
    one.pipeline = pipeline;
    auto single = db::open_database(app_role_url(), one);
    TenantDb a1(*single, common::Tenant{workspace, "user-a"});
    auto titles = [&] {
      db::Result seen;
      run(a1.read([&](common::TenantSession& s) -> asio::awaitable<void> {
        db::Params none;
        seen = co_await s.query("SELECT title FROM notes WHERE workspace_id = $1 ORDER BY title", none);
      }));
      std::vector<std::string> out;
      for (std::size_t i = 0; i < seen.size(); ++i) out.push_back(seen[i].text("title"));
      return out;
    };
    auto defer_note = [](common::TenantSession& s, std::string title, std::string id = {}) {
      Fields fields{{"title", std::move(title)}};
      if (!id.empty()) fields.emplace_back("id", std::move(id));
      return s.defer_insert("notes", fields);
    };

    std::uint64_t trips = single->round_trips();
    std::string id;
    run(a1.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
      id = defer_note(s, "first");
      db::Params by_id{id};
      auto row = co_await s.query("SELECT title, created_by FROM notes WHERE workspace_id = $1 AND id = $2", by_id);
      EXPECT_EQ(row.size(), 1u);
      if (row.empty()) co_return;
      EXPECT_EQ(row.front().text("title"), "first");
      EXPECT_EQ(row.front().text("created_by"), "user-a");
    }));
    if (count_trips) {
      EXPECT_EQ(single->round_trips() - trips, 2u) << "BEGIN, setting, insert and read; then the COMMIT";
    }
    trips = single->round_trips();
    run(a1.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
      defer_note(s, "second");
      co_return;
    }));
    if (count_trips) {
      EXPECT_EQ(single->round_trips() - trips, 1u) << "a body that only defers is one round trip";
    }
    EXPECT_EQ(titles(), (std::vector<std::string>{"first", "second"}));

    EXPECT_THROW(run(a1.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
                   defer_note(s, "third");
                   defer_note(s, "duplicate", id);
                   db::Params none;
                   co_await s.query("SELECT count(*) AS n FROM notes WHERE workspace_id = $1", none);
                 })),
                 db::UniqueViolation);
    EXPECT_THROW(run(a1.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
                   defer_note(s, "fourth");
                   defer_note(s, "duplicate", id);
                   co_return;
                 })),
                 db::UniqueViolation);
    EXPECT_THROW(run(a1.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
                   defer_note(s, "never sent");
                   throw std::runtime_error("the body gave up");
                   co_return;
                 })),
                 std::runtime_error);
    EXPECT_EQ(titles(), (std::vector<std::string>{"first", "second"}));
    auto outside = run([&]() -> asio::awaitable<db::Result> { co_return co_await single->query("SELECT 1 AS one", {}); }());
    EXPECT_EQ(outside.front().integer("one"), 1);
    single->close();
  }

  std::unique_ptr<TenantDb> a, b;
};

TEST_P(Tenancy, InsertFillsIdTenantAndAuditColumns) {
  Fields fields{{"title", std::string("Hello")}};
  auto row = run(a->insert("notes", fields));
  const auto r = row.front();
  EXPECT_TRUE(std::regex_match(r.text("id"), std::regex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  EXPECT_EQ(r.text("workspace_id"), "workspace-a");
  EXPECT_EQ(r.text("created_by"), "user-a");
  EXPECT_EQ(r.text("updated_by"), "user-a");
  EXPECT_TRUE(std::regex_match(r.time("created_at"), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  EXPECT_TRUE(r.is_null("deleted_at"));
}

TEST_P(Tenancy, AnotherWorkspacesRowIsNotFound) {
  std::string id = insert(*a, "secret");
  EXPECT_THROW(run(b->find_by_id("notes", id)), NotFound);
  Fields pwned{{"title", std::string("pwned")}};
  EXPECT_THROW(run(b->update_by_id("notes", id, pwned)), NotFound);
  EXPECT_THROW(run(b->soft_delete_by_id("notes", id)), NotFound);
  EXPECT_EQ(run(a->find_by_id("notes", id)).front().text("title"), "secret");
}

TEST_P(Tenancy, UpdateSetsUpdatedByAndKeepsCreatedBy) {
  std::string id = insert(*a, "draft");
  TenantDb other_user(*database, {"workspace-a", "user-a2"});
  Fields final_title{{"title", std::string("final")}};
  auto updated = run(other_user.update_by_id("notes", id, final_title));
  EXPECT_EQ(updated.front().text("title"), "final");
  EXPECT_EQ(updated.front().text("created_by"), "user-a");
  EXPECT_EQ(updated.front().text("updated_by"), "user-a2");
}

TEST_P(Tenancy, SoftDeleteHidesTheRowButKeepsIt) {
  std::string id = insert(*a, "old");
  run(a->soft_delete_by_id("notes", id));
  EXPECT_THROW(run(a->find_by_id("notes", id)), NotFound);
  EXPECT_THROW(run(a->soft_delete_by_id("notes", id)), NotFound);
  db::Result raw;
  run(a->transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
    db::Params p{id};
    raw = co_await s.unscoped().query("SELECT deleted_at FROM notes WHERE id = $1", p);
  }));
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_FALSE(raw.front().is_null("deleted_at"));
}

TEST_P(Tenancy, ScopedQueryBindsTheWorkspaceAsFirstParameter) {
  insert(*a, "one");
  insert(*a, "two");
  insert(*b, "three");
  db::Result rows;
  run(b->transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
    rows = co_await s.query("SELECT title FROM notes WHERE workspace_id = $1 AND deleted_at IS NULL");
  }));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.front().text("title"), "three");
}

TEST_P(Tenancy, ColumnNamesMustBePlainIdentifiers) {
  Fields injected_column{{"title = 'x'; --", std::string("x")}};
  Fields plain{{"title", std::string("x")}};
  Fields reserved{{"workspace_id", std::string("workspace-b")}};
  EXPECT_THROW(run(a->insert("notes", injected_column)), std::logic_error);
  EXPECT_THROW(run(a->insert("notes; DROP TABLE notes", plain)), std::logic_error);
  EXPECT_THROW(run(a->insert("notes", reserved)), std::logic_error);
}

// The second wall: even a deliberately unscoped query through the application's role sees only
// the current workspace's rows on PostgreSQL.
TEST_P(Tenancy, RowLevelSecurityHidesOtherWorkspacesFromUnscopedQueries) {
  if (GetParam() != TestEngine::Postgres) GTEST_SKIP() << "row-level security is PostgreSQL's";
  insert(*a, "a1");
  insert(*a, "a2");
  insert(*b, "b1");
  db::Result seen_by_b;
  run(b->transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
    db::Params none;
    seen_by_b = co_await s.unscoped().query("SELECT title FROM notes", none);
  }));
  ASSERT_EQ(seen_by_b.size(), 1u);
  EXPECT_EQ(seen_by_b.front().text("title"), "b1");
  // Outside any tenant transaction nothing is visible at all.
  auto outside = run([&]() -> asio::awaitable<db::Result> { co_return co_await database->query("SELECT title FROM notes", {}); }());
  EXPECT_TRUE(outside.empty());
  // And a write into another workspace is refused by the policy: SQLSTATE 42501 (a new row the
  // policy's WITH CHECK rejects), which stays a DatabaseError (500) rather than a client error.
  try {
    run(b->transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
      db::Params p{std::string("forged"), std::string("workspace-a"), std::string("x")};
      co_await s.unscoped().query(
          "INSERT INTO notes (id, workspace_id, title, created_at, updated_at) VALUES ($1, $2, $3, now(), now())", p);
    }));
    ADD_FAILURE() << "the forged write into another workspace was accepted";
  } catch (const db::DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("42501"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("row-level security"), std::string::npos) << e.what();
  }
}

// One round trip: the workspace setting and a read in one pipeline, in the implicit transaction
// the extended protocol gives them (no BEGIN, no COMMIT). The wall holds inside it, nothing of it
// stays on the connection, and a failure leaves the connection usable. One connection, so every
// statement here runs on the one the previous one used.
TEST_P(Tenancy, OneRoundTripReadsSeeOnlyTheirWorkspaceAndLeaveNothingBehind) {
  if (GetParam() != TestEngine::Postgres) GTEST_SKIP() << "row-level security is PostgreSQL's";
  insert(*a, "a1");
  insert(*a, "a2");
  insert(*b, "b1");
  db::PoolOptions one;
  one.max_connections = 1;
  auto single = db::open_database(app_role_url(), one);
  TenantDb a1(*single, common::Tenant{"workspace-a", "user-a"});
  TenantDb b1(*single, common::Tenant{"workspace-b", "user-b"});
  auto titles_seen_by = [&](TenantDb& tenant) {
    db::Result seen;
    run(tenant.read_once([&](common::TenantSession& s) -> asio::awaitable<void> {
      db::Params none;
      seen = co_await s.unscoped().query("SELECT title FROM notes ORDER BY title", none);
    }));
    std::vector<std::string> titles;
    for (std::size_t i = 0; i < seen.size(); ++i) titles.push_back(seen[i].text("title"));
    return titles;
  };
  auto outside = [&](const std::string& sql) {
    return run([&]() -> asio::awaitable<db::Result> { co_return co_await single->query(sql, {}); }());
  };
  auto no_setting_left = [&] {
    auto setting = outside("SELECT coalesce(current_setting('crest.workspace_id', true), '') AS w");
    EXPECT_EQ(setting.front().text("w"), "");
    EXPECT_TRUE(outside("SELECT title FROM notes").empty());
  };
  EXPECT_EQ(titles_seen_by(b1), std::vector<std::string>{"b1"});
  no_setting_left();
  std::uint64_t trips = single->round_trips();
  EXPECT_EQ(titles_seen_by(a1), (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(single->round_trips() - trips, 1u) << "the setting and the read went separately";
  no_setting_left();

  // A snapshot of two statements: two round trips (BEGIN goes with the first, COMMIT is sent
  // without waiting for it and read by the connection's next use).
  trips = single->round_trips();
  run(a1.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    db::Params none;
    auto first = co_await s.unscoped().query("SELECT title FROM notes", none);
    auto second = co_await s.unscoped().query("SELECT title FROM notes", none);
    EXPECT_EQ(first.size(), 2u);
    EXPECT_EQ(second.size(), 2u);
  }));
  EXPECT_EQ(single->round_trips() - trips, 2u);
  no_setting_left();

  // Independent statements inside a snapshot go together: BEGIN, the setting and both in one.
  trips = single->round_trips();
  run(a1.read([&](common::TenantSession& s) -> asio::awaitable<void> {
    std::vector<db::Statement> both{{"SELECT title FROM notes WHERE workspace_id = $1", {}},
                                    {"SELECT count(*) AS n FROM notes WHERE workspace_id = $1", {}}};
    auto results = co_await s.query_together(std::move(both));
    EXPECT_EQ(results.at(0).size(), 2u);
    EXPECT_EQ(results.at(1).front().integer("n"), 2);
  }));
  EXPECT_EQ(single->round_trips() - trips, 1u);
  no_setting_left();

  // A second statement would not share the first one's snapshot or setting: refused.
  EXPECT_THROW(run(a1.read_once([&](common::TenantSession& s) -> asio::awaitable<void> {
                 db::Params none;
                 co_await s.unscoped().query("SELECT title FROM notes", none);
                 co_await s.unscoped().query("SELECT title FROM notes", none);
               })),
               std::logic_error);
  no_setting_left();
  EXPECT_THROW(run(a1.read_once([&](common::TenantSession& s) -> asio::awaitable<void> {
                 db::Params none;
                 co_await s.unscoped().query("SELECT 1 / 0 AS boom FROM notes", none);
               })),
               db::InvalidValue);
  no_setting_left();

  // Independent reads together: one snapshot, one round trip, the same wall.
  std::vector<db::Database::Statement> reads{{"SELECT title FROM notes ORDER BY title", {}},
                                             {"SELECT count(*) AS n FROM notes", {}}};
  db::Database::Settings as_a{{"crest.workspace_id", "workspace-a"}};
  trips = single->round_trips();
  auto together = run(single->read_together(reads, as_a));
  EXPECT_EQ(single->round_trips() - trips, 1u);
  ASSERT_EQ(together.size(), 2u);
  ASSERT_EQ(together[0].size(), 2u);
  EXPECT_EQ(together[0].front().text("title"), "a1");
  EXPECT_EQ(together[1].front().integer("n"), 2);
  no_setting_left();
  std::vector<db::Database::Statement> failing{{"SELECT count(*) AS n FROM notes", {}}, {"SELECT 1 / 0 AS boom", {}}};
  EXPECT_THROW(run(single->read_together(failing, as_a)), db::InvalidValue);
  no_setting_left();  // (and the transaction the pipeline began was rolled back)
  EXPECT_EQ(outside("SELECT 1 AS one").front().integer("one"), 1);
  single->close();
}

// A write whose result nobody needs travels with the session's next statement, at the latest
// with the COMMIT: on PostgreSQL a create and the read of it cost one round trip and the COMMIT
// one more. Its failure surfaces from the statement it travelled with (on SQLite, where it runs at
// once, from itself) and undoes the whole transaction; nothing of it stays on the connection.
TEST_P(Tenancy, ADeferredInsertTravelsWithTheNextStatementOrTheCommit) {
  const bool postgres = GetParam() == TestEngine::Postgres;
  // On PostgreSQL also without pipeline mode, where deferred statements go out one by one.
  for (bool pipeline : postgres ? std::vector<bool>{true, false} : std::vector<bool>{true}) {
    SCOPED_TRACE(pipeline ? "pipeline mode" : "no pipeline mode");
    deferred_insert_round(postgres && pipeline, pipeline, pipeline ? "workspace-p" : "workspace-q");
  }
}

// A serialization failure reruns the whole transaction body; the rerun must still have its inputs
// (a body that moved them into the first attempt inserted an empty row, or none, the second time).
TEST_P(Tenancy, ARetriedTransactionStillHasItsFields) {
  if (GetParam() != TestEngine::Postgres) GTEST_SKIP() << "SQLite's single writer never has serialization failures";
  // The first insert fails as a serialization failure would (SQLSTATE 40001); a sequence is not
  // rolled back with the transaction, so the second attempt passes.
  std::string trigger =
      "CREATE SEQUENCE notes_attempts;"
      "CREATE FUNCTION fail_first_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "IF nextval('notes_attempts') = 1 THEN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END IF; "
      "RETURN NEW; END $$;"
      "CREATE TRIGGER fail_first BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION fail_first_insert();";
  run(database->with_session([&](db::Session& s) -> asio::awaitable<void> { co_await s.execute_script(trigger); }));
  std::string id = insert(*a, "kept across the retry");
  auto row = run(a->find_by_id("notes", id));
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row.front().text("title"), "kept across the retry");
  auto attempts = run([&]() -> asio::awaitable<db::Result> {
    co_return co_await database->query("SELECT last_value FROM notes_attempts", {});
  }());
  EXPECT_EQ(attempts.front().integer("last_value"), 2) << "the insert ran once and was not retried";
}

INSTANTIATE_TEST_SUITE_P(Engines, Tenancy, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres), engine_name);

}  // namespace
}  // namespace crest::testing
