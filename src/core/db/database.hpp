#pragma once
// One coroutine API over embedded SQLite and PostgreSQL. Feature code never sees sqlite3 or libpq:
//
//   auto rows = co_await db.query("SELECT id, name FROM items WHERE id = $1", {id});
//   co_await db.transaction([&](db::Session& tx) -> boost::asio::awaitable<void> {
//     co_await tx.query("UPDATE items SET qty = qty - 1 WHERE id = $1", {id});
//   });  // committed; rolled back if the body throws
//
// Placeholders are $1, $2, ... on both engines. A Database belongs to the event loop it is first
// used on: its pooled PostgreSQL connections are registered with that loop.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/db/result.hpp"
#include "core/health/health.hpp"

namespace crest::db {

enum class Engine { Sqlite, Postgres };

// A statement and its parameters, for the calls that send several at once.
struct Statement {
  std::string sql;
  Params params;
};

// One connection, inside a transaction when handed out by Database::transaction.
class Session {
 public:
  virtual ~Session() = default;
  virtual Engine engine() const noexcept = 0;
  virtual boost::asio::awaitable<Result> query(std::string_view sql, Params params = {}) = 0;
  // Statements that do not depend on each other's results, their results in order: on
  // PostgreSQL in one round trip (one pipeline, with what is deferred); elsewhere one by one.
  virtual boost::asio::awaitable<std::vector<Result>> query_together(std::vector<Statement> statements);
  // Several statements without parameters (migrations).
  virtual boost::asio::awaitable<void> execute_script(std::string_view sql) = 0;
  // A statement to run just before this session's next one, whose result nobody needs (SET LOCAL):
  // PostgreSQL sends both in one round trip (pipeline mode); an error surfaces from the next one.
  virtual void defer(std::string_view sql, Params params) = 0;
  // A write whose result nobody needs (an audit row, an insert whose id the caller chose): on
  // PostgreSQL it goes out with this session's next statement, at the latest with the COMMIT, in
  // the same round trip, and its error surfaces from that statement. Elsewhere it runs now.
  virtual void defer_write(std::string_view sql, Params params) { defer(sql, std::move(params)); }
};

struct PoolOptions {
  int min_connections = 1;  // opened by warm_up() at start
  int max_connections = 10;
  std::chrono::milliseconds acquire_timeout{5'000};
  std::chrono::milliseconds statement_timeout{30'000};
  std::chrono::milliseconds connect_timeout{5'000};
  int transaction_attempts = 3;  // serialization failures and deadlocks are retried
  bool pipeline = true;          // PostgreSQL: pipeline mode for deferred and first-seen statements
  // SQLite: how long a group of write transactions stays open for more queued ones to join it
  // (the longest a finished transaction waits for the COMMIT of those queued behind it).
  std::chrono::microseconds group_commit_window{2'000};
};

// What lets an idle process notice a change without polling the tables: on PostgreSQL a LISTEN
// on a connection of its own (transactions NOTIFY the channel as they commit); on SQLite any
// commit to the file by any process, seen in the WAL-index header (no lock, no system call).
class ChangeListener {
 public:
  virtual ~ChangeListener() = default;
  // True as soon as a change arrives (or one arrived since the last call), false once `timeout`
  // passes without one. Cancellable; throws DatabaseUnavailable when the connection is lost.
  virtual boost::asio::awaitable<bool> wait(std::chrono::milliseconds timeout) = 0;
};

class Database {
 public:
  explicit Database(int transaction_attempts) : transaction_attempts_(transaction_attempts) {}
  virtual ~Database() = default;
  virtual Engine engine() const noexcept = 0;

  // One statement, autocommit, on a pooled connection.
  virtual boost::asio::awaitable<Result> query(std::string_view sql, Params params = {}) = 0;

  // Runs body inside BEGIN ... COMMIT; any exception rolls back and propagates. A serialization
  // failure or deadlock reruns the whole body, up to PoolOptions::transaction_attempts times.
  boost::asio::awaitable<void> transaction(std::function<boost::asio::awaitable<void>(Session&)> body);

  // Reads that belong together, on one consistent snapshot: on SQLite a read transaction on a
  // reader connection (writers go on; one lock cycle instead of one per statement); on
  // PostgreSQL a transaction. Only reads may run in body.
  virtual boost::asio::awaitable<void> snapshot(std::function<boost::asio::awaitable<void>(Session&)> body) = 0;

  // A read of exactly one statement (with what body defers before it: the RLS settings): on
  // PostgreSQL both travel in one pipeline and run in the implicit transaction the extended
  // protocol gives everything up to a Sync, without BEGIN or COMMIT: one round trip. A second
  // statement in body throws std::logic_error. On SQLite (and without pipelining) a snapshot.
  virtual boost::asio::awaitable<void> read_once(std::function<boost::asio::awaitable<void>(Session&)> body);

  // Reads that do not depend on each other's results, on one snapshot, in one round trip: on
  // PostgreSQL one pipeline (BEGIN REPEATABLE READ READ ONLY, the settings, each statement,
  // COMMIT, one Sync; a lone statement needs no BEGIN). `settings` hold for the statements as
  // set_config(name, value, true) (row-level security reads them; SQLite has none to read).
  using Statement = db::Statement;
  using Settings = std::vector<std::pair<std::string, std::string>>;
  virtual boost::asio::awaitable<std::vector<Result>> read_together(std::vector<Statement> statements,
                                                                    Settings settings = {});

  // A session holding one connection outside any transaction (migrations, advisory locks).
  virtual boost::asio::awaitable<void> with_session(
      std::function<boost::asio::awaitable<void>(Session&)> body) = 0;

  // A listener for `channel` (a plain identifier; SQLite hears every commit, whatever the
  // channel). Null when the engine cannot tell (SQLite not in WAL mode): then poll.
  virtual boost::asio::awaitable<std::unique_ptr<ChangeListener>> listen(std::string channel) = 0;

  // Readiness: can a connection run SELECT 1 now?
  boost::asio::awaitable<HealthCheckResult> ping();

  // Opens the pool's minimum of connections ahead of the first request.
  virtual boost::asio::awaitable<void> warm_up() = 0;

  struct PoolStats {
    int open = 0;  // connections that exist
    int idle = 0;  // of those, waiting in the pool
  };
  virtual PoolStats pool_stats() const = 0;

  // Closes idle connections now and leased ones as they come back; later calls fail with 503.
  // Call it before the event loop the database was used on is destroyed.
  virtual void close() = 0;

  // Statements executed since start (the N+1 guard in tests reads it).
  virtual std::uint64_t statements_executed() const noexcept = 0;
  // Waits for the server's answer since start, on PostgreSQL (SQLite has no server: 0).
  virtual std::uint64_t round_trips() const noexcept { return 0; }
  // COMMITs of write transactions since start, on SQLite, where transactions queued behind the
  // writer commit together: one for each group (PostgreSQL: 0, not counted).
  virtual std::uint64_t commits() const noexcept { return 0; }

 protected:
  // One attempt: BEGIN, body, COMMIT; on any exception ROLLBACK and rethrow it.
  virtual boost::asio::awaitable<void> transaction_once(
      const std::function<boost::asio::awaitable<void>(Session&)>& body) = 0;

 private:
  int transaction_attempts_;
};

// `sqlite:PATH` (the folder is created) or `postgres://...`.
std::unique_ptr<Database> open_database(const std::string& url, const PoolOptions& options);

}  // namespace crest::db
