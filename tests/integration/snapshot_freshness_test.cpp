// A snapshot sees everything committed before it began, on both engines, although SQLite's
// read-only connections go on in the read transaction of the previous snapshot when nothing was
// committed since; and such a kept transaction does not hold back SQLite's checkpoints for long.
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <thread>

#include "support/database_fixture.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
using db::Params;

class SnapshotFreshness : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped()) return;
    other = open();  // another pool: its writes come from a connection `database` does not own
    run([&]() -> asio::awaitable<void> {
      co_await database->with_session([&](db::Session& s) -> asio::awaitable<void> {
        co_await s.execute_script("CREATE TABLE events (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
      });
    }());
  }
  void TearDown() override {
    if (other) other->close();
    other.reset();
    DatabaseTest::TearDown();
  }

  std::int64_t count_in_snapshot() {
    std::int64_t n = -1;
    run(database->snapshot([&](db::Session& s) -> asio::awaitable<void> {
      auto result = co_await s.query("SELECT count(*) AS n FROM events", {});
      n = result.front().integer("n");
    }));
    return n;
  }
  std::int64_t count_autocommit() {
    return run([&]() -> asio::awaitable<std::int64_t> {
      auto result = co_await database->query("SELECT count(*) AS n FROM events", {});
      co_return result.front().integer("n");
    }());
  }
  void insert_elsewhere(int id) {
    run(other->transaction([id](db::Session& s) -> asio::awaitable<void> {
      Params p{static_cast<std::int64_t>(id), std::string("e")};
      co_await s.query("INSERT INTO events (id, name) VALUES ($1, $2)", p);
    }));
  }

  std::unique_ptr<db::Database> other;
};

TEST_P(SnapshotFreshness, EachSnapshotSeesEveryCommitMadeBeforeItBegan) {
  EXPECT_EQ(count_in_snapshot(), 0);
  EXPECT_EQ(count_in_snapshot(), 0);  // (on SQLite, goes on in the previous read transaction)
  for (int i = 1; i <= 5; ++i) {
    insert_elsewhere(i);
    EXPECT_EQ(count_in_snapshot(), i) << "after commit " << i;
    EXPECT_EQ(count_in_snapshot(), i) << "again after commit " << i;
    EXPECT_EQ(count_autocommit(), i) << "autocommit read after commit " << i;
  }
}

TEST_P(SnapshotFreshness, AnAutocommitReadSeesACommitMadeAfterASnapshot) {
  EXPECT_EQ(count_in_snapshot(), 0);
  EXPECT_EQ(count_in_snapshot(), 0);
  insert_elsewhere(1);
  EXPECT_EQ(count_autocommit(), 1);
  EXPECT_EQ(count_in_snapshot(), 1);
}

// A commit that lands while a snapshot runs in a kept transaction is not seen by that snapshot,
// and is by the next one.
TEST_P(SnapshotFreshness, ACommitDuringAKeptSnapshotIsSeenByTheNextOne) {
  EXPECT_EQ(count_in_snapshot(), 0);
  EXPECT_EQ(count_in_snapshot(), 0);
  std::int64_t during = -1;
  run(database->snapshot([&](db::Session& s) -> asio::awaitable<void> {
    co_await s.query("SELECT count(*) AS n FROM events", {});
    co_await other->transaction([](db::Session& w) -> asio::awaitable<void> {
      Params p{std::int64_t{1}, std::string("e")};
      co_await w.query("INSERT INTO events (id, name) VALUES ($1, $2)", p);
    });
    auto result = co_await s.query("SELECT count(*) AS n FROM events", {});
    during = result.front().integer("n");
  }));
  EXPECT_EQ(during, 0);
  EXPECT_EQ(count_in_snapshot(), 1);
  EXPECT_EQ(count_in_snapshot(), 1);
  EXPECT_EQ(count_autocommit(), 1);
}

// A TRUNCATE checkpoint needs every reader of the WAL gone; it fails while a connection holds
// a read transaction on an older state, and succeeds once the idle connection's kept
// transaction has ended (within 100 ms; waited for here up to 20 s).
TEST_P(SnapshotFreshness, AKeptReadTransactionDoesNotHoldBackACheckpointForLong) {
  if (GetParam() != TestEngine::Sqlite) GTEST_SKIP() << "SQLite's write-ahead log only";
  EXPECT_EQ(count_in_snapshot(), 0);
  EXPECT_EQ(count_in_snapshot(), 0);  // now kept open on an idle reader
  insert_elsewhere(1);

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(url().substr(std::string_view("sqlite:").size()).c_str(), &raw), SQLITE_OK);
  // (a connection learns the file is in WAL mode with its first read)
  ASSERT_EQ(sqlite3_exec(raw, "SELECT count(*) FROM events", nullptr, nullptr, nullptr), SQLITE_OK);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int log_frames = -1;
  int busy = 1;
  while (std::chrono::steady_clock::now() < deadline) {
    int checkpointed = -1;
    int rc = sqlite3_wal_checkpoint_v2(raw, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &checkpointed);
    busy = rc == SQLITE_BUSY ? 1 : 0;
    if (rc == SQLITE_OK) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  sqlite3_close(raw);
  EXPECT_EQ(busy, 0);
  EXPECT_EQ(log_frames, 0);  // the log was emptied
  EXPECT_EQ(count_in_snapshot(), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, SnapshotFreshness, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres),
                         engine_name);

}  // namespace
}  // namespace crest::testing
