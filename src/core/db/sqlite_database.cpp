// Embedded SQLite: WAL, foreign keys on, one writer connection (every write and transaction goes
// through it, so writers queue instead of meeting SQLITE_BUSY; queued transactions commit
// together, see run_member) and several read-only connections.
// A point query takes microseconds, and handing it to another thread costs ~20x that, so
// statements run on the calling thread; a read that is still running after kInlineBudget is
// interrupted and rerun on a small blocking pool, so a long scan never holds an I/O thread for
// long. Scripts (migrations) always run on the pool.
//
// A read-only connection keeps its read transaction open after a snapshot, and the next snapshot
// goes on in it if nothing was committed in between (the WAL-index header is unchanged, see
// detail/wal_index.hpp): then that transaction sees exactly what a new one would. Beginning and
// ending a read transaction takes the process-wide lock of the WAL index around an fcntl(2), and
// with one I/O thread per core that lock is where the threads meet on every request. A kept
// transaction would hold back checkpoints, so it ends at the first sign of a commit and, on an
// idle connection, within kKeptReadLifetime (a sweeper thread).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <fmt/format.h>
#include <sqlite3.h>

#include <time.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <optional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/db/database.hpp"
#include "core/db/detail/commit_group.hpp"
#include "core/db/detail/pool.hpp"
#include "core/db/detail/wal_index.hpp"
#include "core/db/detail/wal_listener.hpp"
#include "core/db/detail/string_hash.hpp"
#include "core/db/errors.hpp"
#include "core/db/sqlite_database.hpp"
#include "core/util/thread_slot.hpp"

namespace crest::db {
namespace asio = boost::asio;

namespace {

[[noreturn]] void throw_sqlite(sqlite3* db, int code) {
  int extended = db ? sqlite3_extended_errcode(db) : code;
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: {
      auto colon = message.find(": ");
      throw UniqueViolation(colon == std::string::npos ? "" : unique_field_from_columns(message.substr(colon + 2)));
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY: throw ForeignKeyViolation();
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK: throw ConstraintViolation();
    case SQLITE_CONSTRAINT_DATATYPE: throw InvalidValue();
    default: break;
  }
  if (extended == SQLITE_TOOBIG || extended == SQLITE_MISMATCH) throw InvalidValue();
  if ((extended & 0xFF) == SQLITE_BUSY || (extended & 0xFF) == SQLITE_LOCKED) throw TransactionConflict();
  if (extended == SQLITE_INTERRUPT) throw DatabaseUnavailable("The statement ran past its time limit");
  throw DatabaseError("sqlite: " + message + " (code " + std::to_string(extended) + ")");
}

constexpr std::chrono::milliseconds kInlineBudget{20};
constexpr std::chrono::milliseconds kKeptReadLifetime{100};

// Thrown when a read ran past its inline budget; the caller reruns it on the blocking pool.
struct InlineBudgetExceeded {};

// Deadlines need a few milliseconds of precision at most: the coarse monotonic clock reads in a
// few nanoseconds where the precise one takes ~20 on every statement.
std::chrono::nanoseconds coarse_now() noexcept {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

// ASCII only, without the locale lookups of std::isspace/std::toupper: this runs on every query.
bool is_read_only_sql(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && (sql[i] == ' ' || sql[i] == '\n' || sql[i] == '\t' || sql[i] == '\r')) ++i;
  constexpr std::string_view kSelect = "SELECT";
  if (sql.size() - i < kSelect.size()) return false;
  for (std::size_t k = 0; k < kSelect.size(); ++k)
    if ((sql[i + k] & ~0x20) != kSelect[k]) return false;
  return true;
}

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// SQLite's mutexes put a thread to sleep as soon as they are taken. The one guarding a file's
// WAL index is entered by every read transaction of every connection in the process, around an
// fcntl(2): with an I/O thread per core it is often held for a moment by the other thread, and
// a futex sleep plus wake-up costs far more than that moment. Entering tries a little first.
sqlite3_mutex_methods g_default_mutex{};

void spinning_enter(sqlite3_mutex* mutex) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (g_default_mutex.xMutexTry(mutex) == SQLITE_OK) return;
    cpu_relax();
  }
  g_default_mutex.xMutexEnter(mutex);
}

// SQLite's recommended setting for servers, and the spinning mutex above. Both must precede the
// library's initialisation (the first open): no memory statistics, whose upkeep takes a global
// mutex on every allocation (crest never reads them). Too late once another part of the process
// has used SQLite (SQLITE_MISUSE): then the defaults stay, which is only slower.
void configure_library_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sqlite3_config(SQLITE_CONFIG_GETMUTEX, &g_default_mutex) == SQLITE_OK && g_default_mutex.xMutexTry) {
      sqlite3_mutex_methods spinning = g_default_mutex;
      spinning.xMutexEnter = &spinning_enter;
      sqlite3_config(SQLITE_CONFIG_MUTEX, &spinning);
    }
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

class SqliteConnection {
 public:
  SqliteConnection(const std::string& path, bool read_only, std::chrono::milliseconds statement_timeout)
      : read_only_(read_only), statement_timeout_(statement_timeout) {
    int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw DatabaseUnavailable("cannot open SQLite database " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);  // other processes (a second migrator) may hold the lock
    // Switching a new file to WAL needs an exclusive lock and does not wait on the busy handler:
    // retry while another process is creating the same file.
    const char* setup = read_only ? "PRAGMA foreign_keys = ON; PRAGMA query_only = ON;"
                                  : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
    for (int attempt = 0;; ++attempt) {
      try {
        exec(setup);
        break;
      } catch (const TransactionConflict&) {
        if (attempt >= 500) {
          sqlite3_close(db_);
          throw DatabaseUnavailable("SQLite database " + path + " stayed locked");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      } catch (...) {
        sqlite3_close(db_);
        throw;
      }
    }
    sqlite3_progress_handler(db_, 10'000, &SqliteConnection::on_progress, this);
  }
  ~SqliteConnection() {
    for (auto& [sql, prepared] : statements_) sqlite3_finalize(prepared.statement);
    sqlite3_close_v2(db_);
  }
  bool healthy() const noexcept { return !broken_; }
  // False once the open transaction ended, including when SQLite ended it after an error.
  bool in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // With an inline budget, running past it throws InlineBudgetExceeded instead of timing out.
  Result run(std::string_view sql, const Params& params,
             std::optional<std::chrono::milliseconds> inline_budget = std::nullopt) {
    const Prepared& prepared = prepare(sql);
    sqlite3_stmt* statement = prepared.statement;
    deadline_ = coarse_now() + inline_budget.value_or(statement_timeout_);
    budgeted_ = inline_budget.has_value();
    // Bindings point into params (SQLITE_STATIC): the next run rebinds every parameter it is
    // given, so only a run with fewer parameters than placeholders needs them cleared first.
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() { sqlite3_reset(s); }
    } reset{statement};
    if (params.size() < prepared.parameter_index.size()) sqlite3_clear_bindings(statement);
    bind(prepared, params);
    Result result;
    result.columns = prepared.columns;
    int columns = static_cast<int>(prepared.columns->size());
    for (;;) {
      int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) break;
      if (rc == SQLITE_INTERRUPT && budgeted_) throw InlineBudgetExceeded{};
      if (rc != SQLITE_ROW) throw_sqlite(db_, rc);
      // Room for the row, growing geometrically: reserving exactly one more row each time would
      // move every cell read so far once per row (a 1,000-row read copied its cells 500 times).
      if (std::size_t need = result.cells.size() + static_cast<std::size_t>(columns); need > result.cells.capacity())
        result.cells.reserve(std::max(need, 2 * result.cells.capacity()));
      for (int i = 0; i < columns; ++i) result.cells.push_back(cell(statement, i));
    }
    result.affected_rows = sqlite3_changes64(db_);
    return result;
  }

  // Transaction control (BEGIN, COMMIT, ROLLBACK): prepared once per connection, not parsed on
  // every request as sqlite3_exec would.
  void control(std::string_view sql) {
    sqlite3_stmt* statement = prepare(sql).statement;
    deadline_ = std::chrono::nanoseconds::max();
    int rc = sqlite3_step(statement);
    sqlite3_reset(statement);
    if (rc != SQLITE_DONE) throw_sqlite(db_, rc);
  }

  // A snapshot's transaction: the kept one when it is still current, else a new one (deferred:
  // its first statement takes the snapshot). Either way begun_at_ is the header it began at.
  void begin_read() {
    if (kept_) {
      if (auto now = wal_.read(); now && *now == *kept_) {
        begun_at_ = now;
        return;
      }
      end_kept_read();
    }
    begun_at_ = wal_.read();
    control("BEGIN");
  }

  // After a snapshot's body: the transaction is kept when what it saw is known (the header read
  // before it began equals the header now, so no commit happened in between), else committed.
  void end_read() {
    if (!wal_checked_ && read_only_) {
      wal_checked_ = true;  // (a read transaction is open now, so the shared memory is mapped)
      wal_.attach(db_);
    }
    auto now = wal_.read();
    if (begun_at_ && now && *now == *begun_at_) {
      kept_ = now;
      kept_since_ = coarse_now();
      return;
    }
    kept_.reset();  // (a kept transaction that saw a commit during the body ends here too)
    control("COMMIT");
  }

  // After a snapshot's body failed.
  void abandon_read() {
    kept_.reset();
    try {
      control("ROLLBACK");
    } catch (...) {
      broken_ = true;  // the pool drops it
    }
  }

  // Before an autocommit read: a kept transaction that is no longer current ends first.
  void refresh_read() {
    if (!kept_) return;
    if (auto now = wal_.read(); now && *now == *kept_) return;
    end_kept_read();
  }

  // The sweeper, on an idle connection.
  void end_read_kept_since(std::chrono::nanoseconds age) {
    if (kept_ && coarse_now() - kept_since_ >= age) end_kept_read();
  }

  void exec(std::string_view script) {
    deadline_ = std::chrono::nanoseconds::max();
    std::string sql(script);
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    sqlite3_free(error);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc);
  }

 private:
  void end_kept_read() noexcept {
    kept_.reset();
    try {
      control("COMMIT");
    } catch (...) {
      broken_ = true;
    }
  }

  static int on_progress(void* self) {
    auto* connection = static_cast<SqliteConnection*>(self);
    return coarse_now() > connection->deadline_ ? 1 : 0;
  }

  // A prepared statement with what every execution needs: column names and, for $1..$n, the
  // statement's parameter index (0 when it does not use that parameter).
  struct Prepared {
    sqlite3_stmt* statement = nullptr;
    Result::Columns columns;
    std::vector<int> parameter_index;
  };


  const Prepared& prepare(std::string_view sql) {
    // A connection often runs the same statement again: comparing beats hashing the text.
    if (last_ && last_->first == sql) return last_->second;
    if (auto it = statements_.find(sql); it != statements_.end()) {
      last_ = &*it;
      return it->second;
    }
    Prepared prepared;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &prepared.statement, nullptr);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc);
    auto names = std::make_shared<std::vector<std::string>>();
    for (int i = 0; i < sqlite3_column_count(prepared.statement); ++i)
      names->emplace_back(sqlite3_column_name(prepared.statement, i));
    prepared.columns = std::move(names);
    for (int n = 1; n <= sqlite3_bind_parameter_count(prepared.statement); ++n) {
      std::string name = fmt::format("${}", n);  // (not "$" + to_string: a g++ 12 -O3 false warning)
      prepared.parameter_index.push_back(sqlite3_bind_parameter_index(prepared.statement, name.c_str()));
    }
    last_ = &*statements_.emplace(std::string(sql), std::move(prepared)).first;
    return last_->second;
  }

  void bind(const Prepared& prepared, const Params& params) {
    sqlite3_stmt* statement = prepared.statement;
    for (std::size_t i = 0; i < params.size() && i < prepared.parameter_index.size(); ++i) {
      int index = prepared.parameter_index[i];
      if (index == 0) continue;  // the statement does not use this parameter
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) return sqlite3_bind_null(statement, index);
            else if constexpr (std::is_same_v<T, std::int64_t>) return sqlite3_bind_int64(statement, index, v);
            else if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(statement, index, v);
            // SQLITE_STATIC: params outlive the execution; every run rebinds what it uses.
            else return sqlite3_bind_text(statement, index, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
          },
          params[i]);
      if (rc != SQLITE_OK) throw_sqlite(db_, rc);
    }
  }

  // Through the column's sqlite3_value: one column lookup, where sqlite3_column_type/_text/_bytes
  // would each look the column up and check the connection's error state again. (The value is
  // "unprotected", which only matters for a connection shared between threads at once; ours are
  // opened NOMUTEX and used by one thread at a time.)
  static Value cell(sqlite3_stmt* statement, int i) {
    sqlite3_value* value = sqlite3_column_value(statement, i);
    switch (sqlite3_value_type(value)) {
      case SQLITE_NULL: return nullptr;
      case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_value_int64(value));
      case SQLITE_FLOAT: return sqlite3_value_double(value);
      default: {
        auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
        return std::string(text, static_cast<std::size_t>(sqlite3_value_bytes(value)));
      }
    }
  }

  sqlite3* db_ = nullptr;
  const bool read_only_;
  bool broken_ = false;
  detail::WalIndex wal_;
  bool wal_checked_ = false;
  std::optional<detail::WalIndexHeader> begun_at_;  // the header just before this transaction began
  std::optional<detail::WalIndexHeader> kept_;      // what the kept transaction sees
  std::chrono::nanoseconds kept_since_{};
  std::unordered_map<std::string, Prepared, detail::StringHash, std::equal_to<>> statements_;
  const std::pair<const std::string, Prepared>* last_ = nullptr;  // node pointers survive rehashing
  std::chrono::milliseconds statement_timeout_;
  std::chrono::nanoseconds deadline_{};
  bool budgeted_ = false;
};

using ConnectionPool = detail::Pool<SqliteConnection>;

// How a session runs statements: writes and transactions inline on the writer; autocommit reads
// inline within a budget, then on the blocking pool.
enum class ReadPolicy { Inline, InlineThenOffload };

class SqliteSession : public Session {
 public:
  SqliteSession(SqliteConnection& connection, asio::thread_pool& blocking, std::atomic<std::uint64_t>& counter,
                ReadPolicy policy = ReadPolicy::Inline)
      : connection_(connection), blocking_(blocking), counter_(counter), policy_(policy) {}
  Engine engine() const noexcept override { return Engine::Sqlite; }

  asio::awaitable<Result> query(std::string_view sql, Params params) override {
    ++counter_;
    if (policy_ == ReadPolicy::Inline) co_return connection_.run(sql, params);
    try {
      co_return connection_.run(sql, params, kInlineBudget);
    } catch (const InlineBudgetExceeded&) {
    }
    auto work = run_statement(connection_, std::string(sql), std::move(params));
    Result result = co_await asio::co_spawn(blocking_, std::move(work), asio::use_awaitable);
    co_return result;
  }

  // SQLite statements cost no round trip: the deferred one simply runs now.
  void defer(std::string_view sql, Params params) override {
    ++counter_;
    connection_.run(sql, params);
  }

  asio::awaitable<void> execute_script(std::string_view sql) override {
    ++counter_;
    auto work = run_script(connection_, std::string(sql));
    co_await asio::co_spawn(blocking_, std::move(work), asio::use_awaitable);
  }

 private:
  // Free coroutines with by-value parameters: their frames own what they use (a capturing lambda
  // coroutine would outlive its captures).
  static asio::awaitable<Result> run_statement(SqliteConnection& connection, std::string sql, Params params) {
    co_return connection.run(sql, params);
  }
  static asio::awaitable<void> run_script(SqliteConnection& connection, std::string sql) {
    connection.exec(sql);
    co_return;
  }

  SqliteConnection& connection_;
  asio::thread_pool& blocking_;
  std::atomic<std::uint64_t>& counter_;
  ReadPolicy policy_;
};

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(std::string path, const PoolOptions& options)
      : Database(options.transaction_attempts), path_(std::move(path)), options_(options),
        blocking_(static_cast<std::size_t>(std::max(2, options.max_connections / 2))) {
    writer_ = std::make_shared<ConnectionPool>(1, options_.acquire_timeout,
        [this]() -> asio::awaitable<std::unique_ptr<SqliteConnection>> {
          co_return std::make_unique<SqliteConnection>(path_, false, options_.statement_timeout);
        });
    readers_ = std::make_shared<ConnectionPool>(std::max(1, options_.max_connections), options_.acquire_timeout,
        [this]() -> asio::awaitable<std::unique_ptr<SqliteConnection>> {
          co_return std::make_unique<SqliteConnection>(path_, true, options_.statement_timeout);
        });
  }
  ~SqliteDatabase() override {
    stop_sweeper();
    blocking_.join();
    return_hot_readers();
  }

  Engine engine() const noexcept override { return Engine::Sqlite; }

  asio::awaitable<Result> query(std::string_view sql, Params params) override {
    ensure_file();
    bool read = is_read_only_sql(sql);
    auto& pool = read ? readers_ : writer_;
    if (read) {
      // Hot path: an idle reader and a statement within the inline budget need no suspension.
      if (HotReader idle(*this); idle) {
        ++statements_;
        try {
          idle->refresh_read();
          co_return idle->run(sql, params, kInlineBudget);
        } catch (const InlineBudgetExceeded&) {
        }
        --statements_;
      }
    }
    auto lease = co_await pool->acquire();
    if (!read && group_) {  // queued transactions are committing together: this write joins them
      Result result;
      co_await run_member(lease, [&](Session& session) -> asio::awaitable<void> {
        result = co_await session.query(sql, params);
      });
      co_return result;
    }
    if (read) lease->refresh_read();
    SqliteSession session(*lease, blocking_, statements_, read ? ReadPolicy::InlineThenOffload : ReadPolicy::Inline);
    Result result = co_await session.query(sql, std::move(params));
    co_return result;
  }

  asio::awaitable<void> transaction_once(const std::function<asio::awaitable<void>(Session&)>& body) override {
    ensure_file();
    auto lease = co_await writer_->acquire();
    co_await run_member(lease, body);
  }

  asio::awaitable<std::unique_ptr<ChangeListener>> listen(std::string) override {
    ensure_file();
    co_return detail::open_wal_listener(co_await asio::this_coro::executor, path_);
  }

  asio::awaitable<void> snapshot(std::function<asio::awaitable<void>(Session&)> body) override {
    ensure_file();
    if (HotReader idle(*this); idle) {
      co_await snapshot_on(*idle, body);
      co_return;
    }
    auto lease = co_await readers_->acquire();
    co_await snapshot_on(*lease, body);
  }

  asio::awaitable<void> snapshot_on(SqliteConnection& connection,
                                    const std::function<asio::awaitable<void>(Session&)>& body) {
    SqliteSession session(connection, blocking_, statements_, ReadPolicy::InlineThenOffload);
    std::exception_ptr failure;
    connection.begin_read();
    try {
      co_await body(session);
      connection.end_read();
      co_return;
    } catch (...) {
      failure = std::current_exception();
    }
    connection.abandon_read();
    std::rethrow_exception(failure);
  }

  asio::awaitable<void> with_session(std::function<asio::awaitable<void>(Session&)> body) override {
    ensure_file();
    auto lease = co_await writer_->acquire();
    if (group_) commit_group(lease);  // a session runs outside any transaction
    SqliteSession session(*lease, blocking_, statements_);
    co_await body(session);
  }

  asio::awaitable<void> warm_up() override {
    ensure_file();
    co_await readers_->warm_up(options_.min_connections);
  }

  PoolStats pool_stats() const override {
    int parked = 0;
    for (const auto& slot : hot_readers_) parked += slot.connection.load() ? 1 : 0;
    return PoolStats{writer_->total() + readers_->total(),
                     static_cast<int>(writer_->idle_count() + readers_->idle_count()) + parked};
  }

  void close() override {
    stop_sweeper();
    return_hot_readers();
    writer_->close();
    readers_->close();
  }

  std::uint64_t statements_executed() const noexcept override { return statements_.load(); }
  std::uint64_t commits() const noexcept override { return commits_.load(); }

 private:
  using WriterLease = ConnectionPool::Lease;

  // Group commit. The writer connection goes to queued write transactions in turn (the pool's
  // waiters, first come first served). The first opens a transaction (BEGIN IMMEDIATE) and every
  // one runs as a savepoint of it. One that succeeded hands the writer, transaction still open,
  // to the next in the queue and waits for the group's outcome; the last (nobody queued, or the
  // group full or open for PoolOptions::group_commit_window) commits for all. One that fails
  // undoes its own savepoint and answers its own error at once; the others go on. Nothing is
  // acknowledged before the COMMIT that makes it durable.
  static constexpr int kGroupMembers = 64;

  asio::awaitable<void> run_member(WriterLease& lease, const std::function<asio::awaitable<void>(Session&)>& body) {
    if (!group_) {
      lease->control("BEGIN IMMEDIATE");  // transaction control is instant: inline
      group_ = std::make_shared<detail::CommitGroup>(coarse_now());
    }
    auto group = group_;
    SqliteSession session(*lease, blocking_, statements_);
    std::exception_ptr failure;
    try {
      lease->control("SAVEPOINT crest_member");
      co_await body(session);
      lease->control("RELEASE crest_member");
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) {
      undo_member(lease);
      end_turn(lease);
      std::rethrow_exception(failure);
    }
    group->add_member();
    if (group->members() < kGroupMembers && coarse_now() - group->opened_at() < options_.group_commit_window) {
      auto ticket = group->enlist(co_await asio::this_coro::executor);
      if (lease.pass_to_waiter()) {
        co_await group->wait(std::move(ticket));
        co_return;
      }
    }
    commit_group(lease);
  }

  // After a member failed: its savepoint is undone and the group goes on, unless SQLite ended the
  // whole transaction (it does on some errors, SQLITE_FULL for one), which undid the members
  // before it too: they hear a conflict, and Database::transaction runs their bodies again.
  void undo_member(WriterLease& lease) {
    try {
      lease->control("ROLLBACK TO crest_member");
      lease->control("RELEASE crest_member");
      if (lease->in_transaction()) return;
    } catch (...) {
    }
    auto group = std::exchange(group_, nullptr);
    roll_back(lease);
    group->finish(std::make_exception_ptr(TransactionConflict()));
  }

  static void roll_back(WriterLease& lease) {
    try {
      if (lease->in_transaction()) lease->control("ROLLBACK");
    } catch (...) {
      lease.discard();  // the connection's state is unknown: do not reuse it
    }
  }

  // A failed member's turn ends like a successful one's, minus the waiting: the writer goes to the
  // next in the queue, or the group commits. (A failing COMMIT reaches the members it concerns.)
  void end_turn(WriterLease& lease) {
    if (!group_ || lease.pass_to_waiter()) return;
    try {
      commit_group(lease);
    } catch (...) {
    }
  }

  void commit_group(WriterLease& lease) {
    auto group = std::exchange(group_, nullptr);
    std::exception_ptr failure;
    try {
      lease->control("COMMIT");
      ++commits_;
    } catch (...) {
      failure = std::current_exception();
      roll_back(lease);
    }
    group->finish(failure);
    if (failure) std::rethrow_exception(failure);
  }

  // An idle reader per thread parked outside the pool's lock: a read takes and returns its
  // thread's with one atomic exchange each instead of a round on the lock the threads share (it
  // still counts as the pool's).
  std::unique_ptr<SqliteConnection> take_hot_reader() {
    if (auto parked = hot_slot().exchange(nullptr)) return std::unique_ptr<SqliteConnection>(parked);
    return readers_->try_take();
  }
  void park_hot_reader(std::unique_ptr<SqliteConnection> connection) {
    SqliteConnection* expected = nullptr;
    if (connection->healthy() && hot_slot().compare_exchange_strong(expected, connection.get())) {
      connection.release();
      return;
    }
    readers_->give_back(std::move(connection));
  }
  // A reader taken with take_hot_reader() for one read or snapshot, parked again at the end.
  class HotReader {
   public:
    explicit HotReader(SqliteDatabase& database) : database_(database), connection_(database.take_hot_reader()) {}
    ~HotReader() {
      if (connection_) database_.park_hot_reader(std::move(connection_));
    }
    HotReader(const HotReader&) = delete;
    HotReader& operator=(const HotReader&) = delete;
    explicit operator bool() const noexcept { return connection_ != nullptr; }
    SqliteConnection& operator*() const noexcept { return *connection_; }
    SqliteConnection* operator->() const noexcept { return connection_.get(); }

   private:
    SqliteDatabase& database_;
    std::unique_ptr<SqliteConnection> connection_;
  };

  std::atomic<SqliteConnection*>& hot_slot() { return hot_readers_[thread_slot() % kHotSlots].connection; }
  void return_hot_readers() {
    for (auto& slot : hot_readers_)
      if (auto parked = slot.connection.exchange(nullptr)) readers_->give_back(std::unique_ptr<SqliteConnection>(parked));
  }

  // Ends the read transactions idle connections kept longer than kKeptReadLifetime.
  void sweep(std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait_for(lock, stop, kKeptReadLifetime, [] { return false; });
      if (stop.stop_requested()) return;
      for (auto& slot : hot_readers_) {
        auto* parked = slot.connection.exchange(nullptr);
        if (!parked) continue;
        parked->end_read_kept_since(kKeptReadLifetime);
        SqliteConnection* expected = nullptr;
        if (!slot.connection.compare_exchange_strong(expected, parked))
          readers_->give_back(std::unique_ptr<SqliteConnection>(parked));
      }
      readers_->for_each_idle([](SqliteConnection& c) { c.end_read_kept_since(kKeptReadLifetime); });
    }
  }
  void stop_sweeper() {
    if (!sweeper_.joinable()) return;
    sweeper_.request_stop();
    sweeper_.join();
  }

  // The first use creates the folder and the file and switches it to WAL through the writer,
  // before any read-only connection opens it. (Nothing is created by merely constructing.)
  void ensure_file() {
    std::call_once(created_, [this] {
      auto parent = std::filesystem::path(path_).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
      writer_->adopt(std::make_unique<SqliteConnection>(path_, false, options_.statement_timeout));
    });
  }

  std::string path_;
  PoolOptions options_;
  std::once_flag created_;
  asio::thread_pool blocking_;
  std::shared_ptr<ConnectionPool> writer_;
  std::shared_ptr<ConnectionPool> readers_;
  std::atomic<std::uint64_t> statements_{0};
  std::atomic<std::uint64_t> commits_{0};
  std::shared_ptr<detail::CommitGroup> group_;  // the open group; only the writer's holder uses it
  static constexpr std::size_t kHotSlots = 8;
  struct alignas(64) HotSlot {
    std::atomic<SqliteConnection*> connection{nullptr};
  };
  std::array<HotSlot, kHotSlots> hot_readers_;
  std::jthread sweeper_{[this](std::stop_token stop) { sweep(stop); }};  // last: it uses the above
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, const PoolOptions& options) {
  configure_library_once();
  return std::make_unique<SqliteDatabase>(path, options);
}

}  // namespace crest::db
