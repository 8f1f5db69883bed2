// The data layer against real engines: every test body runs on SQLite and on PostgreSQL.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <regex>

#include "core/db/errors.hpp"
#include "core/db/migrations.hpp"
#include "core/db/sql_files.hpp"
#include "support/database_fixture.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
using db::Params;

constexpr std::string_view kItemsTable =
    "CREATE TABLE items (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, "
    "qty INTEGER NOT NULL DEFAULT 0, price REAL, parent_id TEXT REFERENCES items(id))";

class Database : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped()) return;
    run([&]() -> asio::awaitable<void> {
      co_await database->with_session([&](db::Session& s) -> asio::awaitable<void> {
        co_await s.execute_script(kItemsTable);
      });
    }());
  }

  db::Result query(std::string sql, Params params = {}) {
    return run([&]() -> asio::awaitable<db::Result> { co_return co_await database->query(sql, params); }());
  }
};

TEST_P(Database, InsertReturningAndTypedReads) {
  auto inserted = query("INSERT INTO items (id, email, qty, price) VALUES ($1, $2, $3, $4) RETURNING id, qty",
                        {std::string("a"), std::string("a@x.io"), std::int64_t{3}, 2.5});
  ASSERT_EQ(inserted.size(), 1u);
  EXPECT_EQ(inserted.front().text("id"), "a");
  EXPECT_EQ(inserted.front().integer("qty"), 3);
  auto row = query("SELECT id, email, qty, price, parent_id FROM items WHERE id = $1", {std::string("a")});
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row.front().text("email"), "a@x.io");
  EXPECT_DOUBLE_EQ(row.front().real("price"), 2.5);
  EXPECT_TRUE(row.front().is_null("parent_id"));
  EXPECT_THROW(row.front().text("nope"), std::logic_error);
}

// Deferred statements run before the session's next one (on PostgreSQL in the same round trip,
// pipeline mode), inside the transaction.
TEST_P(Database, DeferredStatementRunsBeforeTheNextOneInTheTransaction) {
  db::Result seen;
  run(database->transaction([&](db::Session& tx) -> asio::awaitable<void> {
    tx.defer("INSERT INTO items (id, email) VALUES ($1, $2)", Params{std::string("d"), std::string("d@x.io")});
    Params none;
    seen = co_await tx.query("SELECT count(*) AS n FROM items", none);
  }));
  EXPECT_EQ(seen.front().integer("n"), 1);
  EXPECT_EQ(query("SELECT count(*) AS n FROM items").front().integer("n"), 1);  // committed
}

TEST_P(Database, FailingDeferredStatementRollsBackAndLeavesTheConnectionUsable) {
  database = open(db::PoolOptions{.min_connections = 1, .max_connections = 1});
  auto body = [&](db::Session& tx) -> asio::awaitable<void> {
    Params first{std::string("a"), std::string("a@x.io")};
    co_await tx.query("INSERT INTO items (id, email) VALUES ($1, $2)", first);
    tx.defer("INSERT INTO no_such_table VALUES (1)", {});
    Params none;
    co_await tx.query("SELECT 1 AS one", none);
  };
  EXPECT_THROW(run(database->transaction(body)), db::DatabaseError);
  EXPECT_EQ(query("SELECT count(*) AS n FROM items").front().integer("n"), 0);  // rolled back
  EXPECT_EQ(query("SELECT 2 AS two").front().integer("two"), 2);
}

TEST_P(Database, NewStatementWithASyntaxErrorIsNotCachedAndTheConnectionStaysUsable) {
  database = open(db::PoolOptions{.min_connections = 1, .max_connections = 1});
  EXPECT_THROW(query("SELEC 1"), db::DatabaseError);
  EXPECT_THROW(query("SELEC 1"), db::DatabaseError);  // prepared again, fails again
  EXPECT_EQ(query("SELECT 3 AS three").front().integer("three"), 3);
}

TEST_P(Database, TransactionThatRunsNothingCommitsNothing) {
  run(database->transaction([](db::Session&) -> asio::awaitable<void> { co_return; }));
  EXPECT_EQ(query("SELECT 4 AS four").front().integer("four"), 4);
}

TEST_P(Database, UpdateReportsAffectedRows) {
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("a"), std::string("a@x.io")});
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("b"), std::string("b@x.io")});
  auto updated = query("UPDATE items SET qty = qty + 1", {});
  EXPECT_EQ(updated.affected_rows, 2);
}

TEST_P(Database, WindowFunctionCountsTotalBesideThePage) {
  for (int i = 0; i < 5; ++i)
    query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::to_string(i), std::to_string(i) + "@x.io"});
  auto page = query("SELECT id, count(*) OVER () AS total FROM items ORDER BY id LIMIT 2 OFFSET 2", {});
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].text("id"), "2");
  EXPECT_EQ(page[0].integer("total"), 5);
}

// A list page and its aggregates, read on one snapshot, agree with each other.
TEST_P(Database, SnapshotReadsOneStateWhileAnotherConnectionCommits) {
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("a"), std::string("a@x.io")});
  std::int64_t before = -1, after = -1;
  run(database->snapshot([&](db::Session& s) -> asio::awaitable<void> {
    auto first = co_await s.query("SELECT count(*) AS n FROM items", {});
    before = first.front().integer("n");
    Params p{std::string("b"), std::string("b@x.io")};
    co_await database->query("INSERT INTO items (id, email) VALUES ($1, $2)", p);  // commits meanwhile
    auto second = co_await s.query("SELECT count(*) AS n FROM items", {});
    after = second.front().integer("n");
  }));
  EXPECT_EQ(before, 1);
  EXPECT_EQ(after, 1);
  EXPECT_EQ(query("SELECT count(*) AS n FROM items", {}).front().integer("n"), 2);
}

TEST_P(Database, SnapshotRefusesWrites) {
  // Refused by the engine as a write in a read-only transaction (PostgreSQL 25006) or on a
  // read-only connection (SQLITE_READONLY): a DatabaseError, not some other failure.
  try {
    run(database->snapshot([](db::Session& s) -> asio::awaitable<void> {
      Params p{std::string("a"), std::string("a@x.io")};
      co_await s.query("INSERT INTO items (id, email) VALUES ($1, $2)", p);
    }));
    ADD_FAILURE() << "a snapshot accepted a write";
  } catch (const db::DatabaseError& e) {
    EXPECT_TRUE(std::regex_search(e.what(), std::regex("postgres 25006|readonly database"))) << e.what();
  }
  EXPECT_TRUE(query("SELECT id FROM items", {}).empty());
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("b"), std::string("b@x.io")});  // still usable
}

TEST_P(Database, TransactionCommitsWhenTheBodyReturns) {
  run(database->transaction([](db::Session& tx) -> asio::awaitable<void> {
    Params p{std::string("a"), std::string("a@x.io")};
    co_await tx.query("INSERT INTO items (id, email) VALUES ($1, $2)", p);
  }));
  EXPECT_EQ(query("SELECT id FROM items", {}).size(), 1u);
}

TEST_P(Database, TransactionRollsBackWhenTheBodyThrows) {
  EXPECT_THROW(run(database->transaction([](db::Session& tx) -> asio::awaitable<void> {
                 Params p{std::string("a"), std::string("a@x.io")};
                 co_await tx.query("INSERT INTO items (id, email) VALUES ($1, $2)", p);
                 throw std::runtime_error("business rule failed");
               })),
               std::runtime_error);
  EXPECT_TRUE(query("SELECT id FROM items", {}).empty());
  // The connection is usable afterwards.
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("b"), std::string("b@x.io")});
  EXPECT_EQ(query("SELECT id FROM items", {}).size(), 1u);
}

TEST_P(Database, UniqueViolationIsA409NamingTheField) {
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("a"), std::string("a@x.io")});
  try {
    query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("b"), std::string("a@x.io")});
    FAIL() << "expected a unique violation";
  } catch (const db::UniqueViolation& e) {
    EXPECT_EQ(e.status(), 409);
    EXPECT_EQ(e.field(), "email");
  }
}

TEST_P(Database, ForeignKeyViolationIsA400) {
  try {
    query("INSERT INTO items (id, email, parent_id) VALUES ($1, $2, $3)",
          {std::string("a"), std::string("a@x.io"), std::string("missing")});
    FAIL() << "expected a foreign key violation";
  } catch (const db::ForeignKeyViolation& e) {
    EXPECT_EQ(e.status(), 400);
  }
}

TEST_P(Database, NotNullViolationIsA400) {
  EXPECT_THROW(query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("a"), nullptr}),
               db::ConstraintViolation);
}

TEST_P(Database, AValueTheColumnCannotHoldIsA400NotA500) {
  // SQLite converts what it can unless a table is STRICT; PostgreSQL always refuses.
  std::string table = GetParam() == TestEngine::Sqlite ? "CREATE TABLE numbers (n INTEGER NOT NULL) STRICT"
                                             : "CREATE TABLE numbers (n INTEGER NOT NULL)";
  run([&]() -> asio::awaitable<void> {
    co_await database->with_session([&](db::Session& s) -> asio::awaitable<void> { co_await s.execute_script(table); });
  }());
  for (const char* value : {"not a number", "1.5"}) {
    try {
      query("INSERT INTO numbers (n) VALUES ($1)", {std::string(value)});
      FAIL() << value << " was stored";
    } catch (const db::InvalidValue& e) {
      EXPECT_EQ(e.status(), 400);
    }
  }
  if (GetParam() == TestEngine::Postgres) {
    EXPECT_THROW(query("INSERT INTO numbers (n) VALUES ($1)", {std::string("99999999999")}), db::InvalidValue);
  }
  EXPECT_EQ(query("SELECT count(*) AS n FROM numbers").front().integer("n"), 0);
}

TEST_P(Database, SyntaxErrorIsAPlainDatabaseError) {
  EXPECT_THROW(query("SELEC nonsense", {}), db::DatabaseError);
  EXPECT_EQ(query("SELECT 1 AS one", {}).front().integer("one"), 1);
}

TEST_P(Database, ConcurrentWritersAllSucceed) {
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("counter"), std::string("c@x.io")});
  constexpr int kWriters = 25;
  int done = 0;
  // PostgreSQL needs the row lock to serialise read-modify-write; SQLite's single writer does it.
  std::string select = GetParam() == TestEngine::Postgres ? "SELECT qty FROM items WHERE id = $1 FOR UPDATE"
                                                          : "SELECT qty FROM items WHERE id = $1";
  for (int i = 0; i < kWriters; ++i) {
    asio::co_spawn(io_, database->transaction([&select](db::Session& tx) -> asio::awaitable<void> {
      Params id{std::string("counter")};
      auto row = co_await tx.query(select, id);
      Params next{row.front().integer("qty") + 1, std::string("counter")};
      co_await tx.query("UPDATE items SET qty = $1 WHERE id = $2", next);
    }), [&](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
      ++done;
    });
  }
  io_.restart();
  io_.run();
  EXPECT_EQ(done, kWriters);
  EXPECT_EQ(query("SELECT qty FROM items WHERE id = $1", {std::string("counter")}).front().integer("qty"), kWriters);
}

asio::awaitable<void> insert_item(db::Session& tx, std::string id, std::string email) {
  Params p{std::move(id), std::move(email)};
  co_await tx.query("INSERT INTO items (id, email) VALUES ($1, $2)", p);
}

// Holds the first writer transaction until the coroutines spawned after it have queued: the last
// one spawned opens it (on PostgreSQL the first may not have reached it by then).
struct Gate {
  explicit Gate(asio::io_context& io) : timer(io, asio::steady_timer::time_point::max()) {}
  asio::awaitable<void> pass() {
    if (!opened) co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  void open_last(asio::io_context& io) {
    asio::co_spawn(io, [this]() -> asio::awaitable<void> {
      opened = true;
      timer.cancel();
      co_return;
    }, asio::detached);
  }
  asio::steady_timer timer;
  bool opened = false;
};

// The first writer: inserts item "a", then waits at the gate.
std::function<asio::awaitable<void>(db::Session&)> insert_a_then_wait(Gate& gate) {
  return [&gate](db::Session& tx) -> asio::awaitable<void> {
    co_await insert_item(tx, "a", "a@x.io");
    co_await gate.pass();
  };
}

// On SQLite, write transactions queued behind the writer commit together (one COMMIT); one that
// fails in between undoes only its own writes and answers its own error, and the others commit.
// The first holds the writer until the other two are queued: a gate the last coroutine opens.
TEST_P(Database, AFailingTransactionBetweenTwoGoodOnesUndoesOnlyItsOwnWrites) {
  db::PoolOptions options;
  options.group_commit_window = std::chrono::hours(1);  // (the group's size is the test's, not the clock's)
  auto grouped = open(options);
  Gate gate(io_);
  std::uint64_t commits_before = grouped->commits();
  std::vector<std::exception_ptr> outcomes(3);
  int finished = 0;
  auto record = [&](int i) { return [&outcomes, &finished, i](std::exception_ptr e) { outcomes[i] = e, ++finished; }; };
  asio::co_spawn(io_, grouped->transaction(insert_a_then_wait(gate)), record(0));
  asio::co_spawn(io_, grouped->transaction([](db::Session& tx) -> asio::awaitable<void> {
    co_await insert_item(tx, "b", "b@x.io");
    co_await insert_item(tx, "c", "b@x.io");  // its own first email again: a unique violation
  }), record(1));
  asio::co_spawn(io_, grouped->transaction([](db::Session& tx) -> asio::awaitable<void> {
    co_await insert_item(tx, "d", "d@x.io");
  }), record(2));
  gate.open_last(io_);
  io_.restart();
  io_.run();
  ASSERT_EQ(finished, 3);
  EXPECT_FALSE(outcomes[0]);
  EXPECT_FALSE(outcomes[2]);
  ASSERT_TRUE(outcomes[1]);
  EXPECT_THROW(std::rethrow_exception(outcomes[1]), db::UniqueViolation);
  auto rows = query("SELECT id FROM items ORDER BY id");
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < rows.size(); ++i) ids.push_back(rows[i].text("id"));
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "d"})) << "the failing transaction's first insert must be undone too";
  if (GetParam() == TestEngine::Sqlite) {
    EXPECT_EQ(grouped->commits() - commits_before, 1u) << "the three were not one group";
  }
}

// A plain write queued behind a transaction joins its group; a session queued behind both (which
// runs outside any transaction) commits the group first and sees both rows.
TEST_P(Database, AWriteAndASessionQueuedBehindATransactionLoseNothing) {
  db::PoolOptions options;
  options.group_commit_window = std::chrono::hours(1);
  auto grouped = open(options);
  Gate gate(io_);
  std::uint64_t commits_before = grouped->commits();
  int finished = 0;
  auto done = [&finished](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
    ++finished;
  };
  asio::co_spawn(io_, grouped->transaction(insert_a_then_wait(gate)), done);
  asio::co_spawn(io_, [&]() -> asio::awaitable<void> {
    Params p{std::string("d"), std::string("d@x.io")};
    co_await grouped->query("INSERT INTO items (id, email) VALUES ($1, $2)", p);
  }, done);
  std::size_t seen_by_session = 0;
  asio::co_spawn(io_, grouped->with_session([&](db::Session& session) -> asio::awaitable<void> {
    seen_by_session = (co_await session.query("SELECT id FROM items", {})).size();
  }), done);
  gate.open_last(io_);
  io_.restart();
  io_.run();
  EXPECT_EQ(finished, 3);
  EXPECT_EQ(query("SELECT id FROM items").size(), 2u);
  if (GetParam() == TestEngine::Sqlite) {
    EXPECT_EQ(seen_by_session, 2u);
    EXPECT_EQ(grouped->commits() - commits_before, 1u);
  }
}

TEST_P(Database, ExhaustedPoolAnswers503AfterTheAcquireTimeout) {
  db::PoolOptions options;
  options.max_connections = 1;
  options.acquire_timeout = std::chrono::milliseconds(200);
  auto small = open(options);
  bool holder_done = false;
  asio::co_spawn(io_, small->transaction([](db::Session& tx) -> asio::awaitable<void> {
    Params p{std::string("a"), std::string("a@x.io")};
    co_await tx.query("INSERT INTO items (id, email) VALUES ($1, $2)", p);
    asio::steady_timer hold(co_await asio::this_coro::executor, std::chrono::milliseconds(1500));
    co_await hold.async_wait(asio::use_awaitable);
  }), [&](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
    holder_done = true;
  });
  std::exception_ptr waiter_error;
  asio::co_spawn(io_, small->transaction([](db::Session& tx) -> asio::awaitable<void> {
    Params none;
    co_await tx.query("SELECT 1", none);
  }), [&](std::exception_ptr e) { waiter_error = e; });
  io_.restart();
  io_.run();
  EXPECT_TRUE(holder_done);
  ASSERT_TRUE(waiter_error);
  try {
    std::rethrow_exception(waiter_error);
  } catch (const db::DatabaseUnavailable& e) {
    EXPECT_EQ(e.status(), 503);
  }
}

TEST_P(Database, TimestampsReadBackAsIso8601Utc) {
  std::string ddl = GetParam() == TestEngine::Postgres
                        ? "CREATE TABLE stamps (id TEXT PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())"
                        : "CREATE TABLE stamps (id TEXT PRIMARY KEY, at TEXT NOT NULL DEFAULT "
                          "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))";
  run(database->with_session([&](db::Session& s) -> asio::awaitable<void> { co_await s.execute_script(ddl); }));
  query("INSERT INTO stamps (id) VALUES ($1)", {std::string("a")});
  std::string at = query("SELECT at FROM stamps", {}).front().time("at");
  EXPECT_TRUE(std::regex_match(at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))) << at;
}

// Migrations ----------------------------------------------------------------------------------

std::vector<db::Migration> two_migrations() {
  return {db::make_migration("0001_first.sql", "CREATE TABLE first_table (id TEXT PRIMARY KEY);"),
          db::make_migration("0002_second.sql", "CREATE TABLE second_table (id TEXT PRIMARY KEY);")};
}

TEST_P(Database, MigrationsApplyOnceAndAreRecorded) {
  EXPECT_EQ(run(db::migrate_up(*database, two_migrations())), 2);
  EXPECT_EQ(run(db::migrate_up(*database, two_migrations())), 0);
  auto status = run(db::migration_status(*database, two_migrations()));
  ASSERT_EQ(status.size(), 2u);
  EXPECT_TRUE(status[0].applied_at && status[1].applied_at);
  query("INSERT INTO second_table (id) VALUES ($1)", {std::string("x")});
}

TEST_P(Database, StatusShowsPendingMigrations) {
  auto migrations = two_migrations();
  run(db::migrate_up(*database, {migrations[0]}));
  auto status = run(db::migration_status(*database, migrations));
  EXPECT_TRUE(status[0].applied_at.has_value());
  EXPECT_FALSE(status[1].applied_at.has_value());
}

TEST_P(Database, ChangedAppliedMigrationIsRefused) {
  run(db::migrate_up(*database, two_migrations()));
  auto edited = two_migrations();
  edited[0] = db::make_migration("0001_first.sql", "CREATE TABLE first_table (id TEXT PRIMARY KEY, x TEXT);");
  try {
    run(db::migrate_up(*database, edited));
    FAIL() << "expected a MigrationError";
  } catch (const db::MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("0001_first was changed after it was applied"), std::string::npos) << e.what();
  }
}

TEST_P(Database, FailedMigrationRollsBackAndIsNotRecorded) {
  auto migrations = two_migrations();
  migrations.push_back(db::make_migration("0003_broken.sql",
                                          "CREATE TABLE third_table (id TEXT); CREATE TABLE oops (;"));
  EXPECT_THROW(run(db::migrate_up(*database, migrations)), db::MigrationError);
  auto status = run(db::migration_status(*database, migrations));
  EXPECT_TRUE(status[1].applied_at.has_value());
  EXPECT_FALSE(status[2].applied_at.has_value());
  EXPECT_THROW(query("SELECT id FROM third_table", {}), db::DatabaseError);  // rolled back whole
}

TEST_P(Database, ConcurrentMigratorsApplyEachMigrationOnce) {
  auto other = open();
  std::vector<db::Migration> migrations;
  for (int i = 1; i <= 5; ++i)
    migrations.push_back(db::make_migration(
        "000" + std::to_string(i) + "_m.sql", "CREATE TABLE m" + std::to_string(i) + " (id TEXT PRIMARY KEY);"));
  int applied_a = -1, applied_b = -1;
  asio::co_spawn(io_, db::migrate_up(*database, migrations), [&](std::exception_ptr e, int n) {
    if (e) std::rethrow_exception(e);
    applied_a = n;
  });
  asio::co_spawn(io_, db::migrate_up(*other, migrations), [&](std::exception_ptr e, int n) {
    if (e) std::rethrow_exception(e);
    applied_b = n;
  });
  io_.restart();
  io_.run();
  EXPECT_EQ(applied_a + applied_b, 5);
  EXPECT_EQ(query("SELECT count(*) AS n FROM crest_migrations", {}).front().integer("n"), 5);
}

TEST_P(Database, ProductMigrationsApply) {
  auto engine = GetParam() == TestEngine::Postgres ? db::Engine::Postgres : db::Engine::Sqlite;
  auto migrations = db::product_migrations(engine);
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(run(db::migrate_up(*database, migrations)), static_cast<int>(migrations.size()));
  query("INSERT INTO workspaces (id, name) VALUES ($1, $2)", {std::string("w1"), std::string("Acme")});
  EXPECT_EQ(query("SELECT plan FROM workspaces", {}).front().text("plan"), "Starter");
}

INSTANTIATE_TEST_SUITE_P(Engines, Database, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres),
                         engine_name);

}  // namespace
}  // namespace crest::testing

namespace crest::testing {
namespace {

// Write skew under SERIALIZABLE: both transactions read before either writes, so PostgreSQL
// aborts one with a serialization failure; the transaction helper reruns it and both land.
TEST(SerializationRetry, ConflictingSerializableTransactionsAreRetried) {
  const char* admin = std::getenv("CREST_TEST_DATABASE_URL");
  if (!admin || !*admin) GTEST_SKIP() << "CREST_TEST_DATABASE_URL is not set (./scripts/test sets it)";
  asio::io_context io;
  auto database = db::open_database(admin, {});
  std::string table = "retry_" + std::to_string(getpid());
  auto run_now = [&](asio::awaitable<void> work) {
    auto f = asio::co_spawn(io, std::move(work), asio::use_future);
    io.restart();
    io.run();
    f.get();
  };
  run_now(database->with_session([&](db::Session& s) -> asio::awaitable<void> {
    co_await s.execute_script("CREATE TABLE " + table + " (id text PRIMARY KEY, on_call boolean NOT NULL)");
  }));
  int readers_waiting = 0, attempts = 0, done = 0;
  auto doctor = [&](std::string name) {
    return database->transaction([&, name](db::Session& tx) -> asio::awaitable<void> {
      ++attempts;
      co_await tx.execute_script("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
      db::Params none;
      auto on_call = co_await tx.query("SELECT count(*) AS n FROM " + table + " WHERE on_call", none);
      if (attempts <= 2) {  // first attempts: wait until both have read
        ++readers_waiting;
        asio::steady_timer tick(co_await asio::this_coro::executor);
        while (readers_waiting < 2) {
          tick.expires_after(std::chrono::milliseconds(5));
          co_await tick.async_wait(asio::use_awaitable);
        }
      }
      db::Params row{name, on_call.front().integer("n") == 0 ? std::int64_t{1} : std::int64_t{0}};
      co_await tx.query("INSERT INTO " + table + " (id, on_call) VALUES ($1, $2::int::boolean)", row);
    });
  };
  for (const char* name : {"alice", "bob"})
    asio::co_spawn(io, doctor(name), [&](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
      ++done;
    });
  io.restart();
  io.run();
  EXPECT_EQ(done, 2);
  // At least one of the two ran again. Which one, and whether its rerun meets the other still
  // open and is aborted once more, is up to the scheduling (one CI run counted 4 attempts).
  EXPECT_GE(attempts, 3);
  run_now(database->with_session([&](db::Session& s) -> asio::awaitable<void> {
    db::Params none;
    auto on_call = co_await s.query("SELECT count(*) AS n FROM " + table + " WHERE on_call", none);
    EXPECT_EQ(on_call.front().integer("n"), 1);  // serializable: exactly one doctor on call
    co_await s.execute_script("DROP TABLE " + table);
  }));
  database->close();
}

}  // namespace
}  // namespace crest::testing

namespace crest::testing {
namespace {

TEST_P(Database, CaseInsensitiveSearchMatchesOnBothEnginesAndEscapesWildcards) {
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("1"), std::string("Sales@ACME.io")});
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("2"), std::string("50%_off@shop.io")});
  query("INSERT INTO items (id, email) VALUES ($1, $2)", {std::string("3"), std::string("5000off@shop.io")});
  auto engine = database->engine();
  std::string sql = "SELECT id FROM items WHERE " + db::dialect::contains_case_insensitive(engine, "email", 1) + " ORDER BY id";
  EXPECT_EQ(query(sql, {db::dialect::escape_like("acme")}).size(), 1u);
  auto literal = query(sql, {db::dialect::escape_like("50%_")});
  ASSERT_EQ(literal.size(), 1u);  // % and _ match themselves, not anything
  EXPECT_EQ(literal.front().text("id"), "2");
}

}  // namespace
}  // namespace crest::testing
