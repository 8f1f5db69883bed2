// PostgreSQL over libpq in non-blocking mode: each connection's socket sits on the Asio event
// loop, so a query waits without holding a thread. Statements are prepared once per connection
// and reused; every wait has a deadline.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/db/detail/one_statement_session.hpp"
#include "core/db/detail/pool.hpp"
#include "core/db/detail/string_hash.hpp"
#include "core/db/errors.hpp"
#include "core/db/postgres_database.hpp"
#include "core/log/log.hpp"

namespace crest::db {
namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

namespace {

constexpr unsigned kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700,
                   kFloat8Oid = 701;

// Behind row-level security PostgreSQL leaves the key out of the message (it could show a row
// the role may not see); the index is then named <table>_<columns>_key, as the migrations name them.
std::string unique_field_from_index(const PGresult* result) {
  const char* table = PQresultErrorField(result, PG_DIAG_TABLE_NAME);
  const char* index = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
  if (!table || !index) return {};
  std::string_view name(index);
  std::string prefix = std::string(table) + "_";
  if (!name.starts_with(prefix) || !name.ends_with("_key")) return {};
  name = name.substr(prefix.size(), name.size() - prefix.size() - 4);
  return unique_field_from_columns(std::string(name));
}

std::string unique_field(const PGresult* result) {
  // DETAIL: Key (workspace_id, email)=(..., a@b.io) already exists.
  const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
  if (!detail) return unique_field_from_index(result);
  std::string_view text(detail);
  auto open = text.find("Key (");
  auto close = text.find(")=(");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {};
  return unique_field_from_columns(std::string(text.substr(open + 5, close - open - 5)));
}

[[noreturn]] void throw_result_error(const PGresult* result) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  std::string sqlstate = state ? state : "";
  std::string message = PQresultErrorMessage(result);
  if (sqlstate == "23505") throw UniqueViolation(unique_field(result));
  if (sqlstate == "23503") throw ForeignKeyViolation();
  if (sqlstate == "23502" || sqlstate == "23514") throw ConstraintViolation();
  if (sqlstate.starts_with("22")) throw InvalidValue();
  if (sqlstate == "40001" || sqlstate == "40P01") throw TransactionConflict();
  if (sqlstate == "57014") throw DatabaseUnavailable("The statement ran past its time limit");
  if (sqlstate.starts_with("08") || sqlstate == "53300" || sqlstate == "57P01")
    throw DatabaseUnavailable("The database is unavailable");
  while (!message.empty() && message.back() == '\n') message.pop_back();
  throw DatabaseError("postgres " + sqlstate + ": " + message);
}

class PgConnection {
 public:
  PgConnection(asio::any_io_executor executor, PGconn* conn, const PoolOptions& options)
      : conn_(conn), socket_(executor), options_(options) {}
  ~PgConnection() {
    if (socket_.is_open()) socket_.release();  // libpq owns the descriptor and closes it
    PQfinish(conn_);
  }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  static asio::awaitable<std::unique_ptr<PgConnection>> connect(const std::string& url,
                                                                const PoolOptions& options) {
    auto executor = co_await asio::this_coro::executor;
    PGconn* raw = PQconnectStart(url.c_str());
    if (!raw) throw DatabaseUnavailable("libpq could not allocate a connection");
    auto connection = std::make_unique<PgConnection>(executor, raw, options);
    PQsetNoticeProcessor(raw, &PgConnection::on_notice, nullptr);
    if (PQstatus(raw) == CONNECTION_BAD) connection->fail_connect();
    PQsetnonblocking(raw, 1);
    auto deadline = Clock::now() + options.connect_timeout;
    for (PostgresPollingStatusType poll = PGRES_POLLING_WRITING;;) {
      if (poll == PGRES_POLLING_OK) break;
      if (poll == PGRES_POLLING_FAILED) connection->fail_connect();
      connection->adopt_socket();
      co_await connection->wait(poll == PGRES_POLLING_READING, deadline);
      poll = PQconnectPoll(raw);
    }
    connection->adopt_socket();
    co_await connection->execute(fmt::format("SET TIME ZONE 'UTC'; SET statement_timeout = {}",
                                             options.statement_timeout.count()));
    co_return connection;
  }

  bool healthy() const noexcept { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }
  // Where this connection counts the round trips it makes (each wait for the server's answer).
  void count_round_trips_in(std::atomic<std::uint64_t>* counter) noexcept { round_trips_ = counter; }

  // Runs a statement on its prepared form. Anything deferred, and the PREPARE of a statement this
  // connection has not seen, travel with it in one round trip (pipeline mode).
  asio::awaitable<Result> run(std::string_view sql, const Params& params) {
    auto deadline = Clock::now() + options_.statement_timeout + std::chrono::seconds(5);
    co_await settle(deadline);
    auto it = prepared_.find(sql);
    if (!deferred_.empty() || it == prepared_.end() || !options_.pipeline) {
      if (options_.pipeline) co_return co_await run_pipeline(sql, params);
      co_await flush_deferred(deadline);
      if (it == prepared_.end()) {
        std::string name = next_statement_name();
        std::string key(sql);
        if (!PQsendPrepare(conn_, name.c_str(), key.c_str(), 0, nullptr)) fail_connection();
        co_await collect(deadline);
        it = prepared_.emplace(std::move(key), std::move(name)).first;
      }
    }
    ParamTexts texts(params);
    if (!PQsendQueryPrepared(conn_, it->second.c_str(), texts.count(), texts.values(), nullptr, nullptr, 0))
      fail_connection();
    co_return co_await collect(deadline);
  }

  // Sent now, its answer read by the next use of the connection (from what has long arrived by
  // then) rather than waited for: the COMMIT of a read-only transaction, which has nothing to make
  // durable and nothing to report but a lost connection.
  asio::awaitable<void> send_unawaited(const std::string& sql) {
    auto deadline = Clock::now() + options_.statement_timeout + std::chrono::seconds(5);
    co_await settle(deadline);
    if (!PQsendQuery(conn_, sql.c_str())) fail_connection();
    co_await flush(deadline);
    ++unread_;
  }

  // Sent before the next statement, in the same round trip when pipelining (BEGIN, SET LOCAL; a
  // write whose result nobody needs, `write`, at the latest with the COMMIT).
  void defer(std::string sql, Params params, bool write = false) {
    deferred_.push_back({std::move(sql), std::move(params), write});
  }
  // Deferred statements never sent are dropped (a transaction whose body ran nothing, or failed).
  bool drop_deferred() {
    bool had = !deferred_.empty();
    deferred_.clear();
    return had;
  }
  bool holds_deferred_writes() const noexcept {
    return std::any_of(deferred_.begin(), deferred_.end(), [](const Statement& s) { return s.write; });
  }
  // How many times deferred statements went out: a transaction's BEGIN went out when this moved.
  std::uint64_t deferred_sends() const noexcept { return deferred_sends_; }

  // What is deferred, then `sql` (COMMIT) unless empty, in one round trip when pipelining.
  asio::awaitable<void> finish_with(std::string_view sql) {
    if (options_.pipeline) {
      co_await run_together({}, "", sql);
    } else if (!sql.empty()) {
      co_await execute(std::string(sql));
    } else {
      auto deadline = Clock::now() + options_.statement_timeout + std::chrono::seconds(5);
      co_await settle(deadline);
      co_await flush_deferred(deadline);
    }
  }

  // Waits for a NOTIFY on a channel this connection LISTENs to: true when one (or several, all
  // taken now) arrived, false when `deadline` passed first.
  asio::awaitable<bool> await_notification(Clock::time_point deadline) {
    for (;;) {
      if (!PQconsumeInput(conn_)) fail_connection();
      bool any = false;
      while (PGnotify* notification = PQnotifies(conn_)) {
        any = true;
        PQfreemem(notification);
      }
      if (any) co_return true;
      asio::steady_timer timer(co_await asio::this_coro::executor);
      timer.expires_at(deadline);
      auto outcome = co_await (socket_.async_wait(asio::posix::stream_descriptor::wait_read,
                                                  asio::as_tuple(asio::use_awaitable)) ||
                               timer.async_wait(asio::as_tuple(asio::use_awaitable)));
      if (outcome.index() == 1) co_return false;
      if (auto [ec] = std::get<0>(outcome); ec) throw DatabaseUnavailable("the LISTEN connection failed: " + ec.message());
    }
  }

  // Simple-protocol statements (several at once, no parameters).
  asio::awaitable<void> execute(const std::string& script) {
    auto deadline = Clock::now() + options_.statement_timeout + std::chrono::seconds(5);
    co_await settle(deadline);
    co_await flush_deferred(deadline);
    if (!PQsendQuery(conn_, script.c_str())) fail_connection();
    co_await collect(deadline);
  }

 private:
  struct Statement {
    std::string sql;
    Params params;
    bool write = false;
  };

  // Parameters as the text libpq sends (it copies them into its buffer when the command is queued).
  class ParamTexts {
   public:
    explicit ParamTexts(const Params& params) : texts_(params.size()), values_(params.size(), nullptr) {
      for (std::size_t i = 0; i < params.size(); ++i) {
        std::visit(
            [&](const auto& v) {
              using T = std::decay_t<decltype(v)>;
              if constexpr (std::is_same_v<T, std::nullptr_t>) return;
              else if constexpr (std::is_same_v<T, std::string>) texts_[i] = v;
              else texts_[i] = fmt::format("{}", v);
              values_[i] = texts_[i].c_str();
            },
            params[i]);
      }
    }
    int count() const noexcept { return static_cast<int>(values_.size()); }
    const char* const* values() const noexcept { return values_.data(); }

   private:
    std::vector<std::string> texts_;
    std::vector<const char*> values_;
  };

  std::string next_statement_name() { return "crest_" + std::to_string(++statement_names_); }

  asio::awaitable<void> flush_deferred(Clock::time_point deadline) {
    if (deferred_.empty()) co_return;
    std::vector<Statement> batch = std::move(deferred_);
    deferred_.clear();
    ++deferred_sends_;
    for (auto& statement : batch) {
      ParamTexts texts(statement.params);
      if (!PQsendQueryParams(conn_, statement.sql.c_str(), texts.count(), nullptr, texts.values(), nullptr, nullptr, 0))
        fail_connection();
      co_await collect(deadline);
    }
  }

  // One round trip in libpq's pipeline mode: the deferred statements, the PREPARE of `sql` when
  // it is new, and its execution; the result is the statement's (run_together).
  asio::awaitable<Result> run_pipeline(std::string_view sql, const Params& params) {
    std::vector<db::Statement> one{{std::string(sql), params}};
    auto results = co_await run_together(one, "", "");
    co_return std::move(results.front());
  }

 public:
  // Several statements, each with its result, in one round trip (pipeline mode): `leading`
  // (BEGIN) when not empty, the deferred statements, each of `statements` on its prepared form
  // (PREPAREd in the same pipeline when new), `trailing` (COMMIT) when not empty, then one Sync.
  // The first error is thrown once everything (and the sync) has been read; a transaction the
  // pipeline began (`leading`) and could not finish is rolled back first.
  asio::awaitable<std::vector<Result>> run_together(const std::vector<db::Statement>& statements,
                                                    std::string_view leading, std::string_view trailing) {
    auto deadline = Clock::now() + options_.statement_timeout + std::chrono::seconds(5);
    co_await settle(deadline);
    std::vector<Statement> batch = std::move(deferred_);
    deferred_.clear();
    if (!batch.empty()) ++deferred_sends_;
    if (PQenterPipelineMode(conn_) != 1) fail_connection();
    auto send_unnamed = [&](const std::string& sql, const Params& params) {
      ParamTexts texts(params);
      if (!PQsendQueryParams(conn_, sql.c_str(), texts.count(), nullptr, texts.values(), nullptr, nullptr, 0))
        fail_connection();
    };
    // What each command sent is, in order: its result goes to results[index] when index >= 0.
    std::vector<int> commands;
    if (!leading.empty()) {
      send_unnamed(std::string(leading), {});
      commands.push_back(-1);
    }
    std::vector<std::pair<std::string, std::string>> prepared_now;  // sql -> name, PREPAREd here
    auto send_prepared = [&](const std::string& sql, const Params& params, int command) {
      std::string name;
      if (auto it = prepared_.find(sql); it != prepared_.end()) {
        name = it->second;
      } else {
        for (const auto& [text, earlier] : prepared_now)
          if (text == sql) name = earlier;
        if (name.empty()) {
          name = next_statement_name();
          if (!PQsendPrepare(conn_, name.c_str(), sql.c_str(), 0, nullptr)) fail_connection();
          prepared_now.emplace_back(sql, name);
          commands.push_back(-2);  // a PREPARE
        }
      }
      ParamTexts texts(params);
      if (!PQsendQueryPrepared(conn_, name.c_str(), texts.count(), texts.values(), nullptr, nullptr, 0))
        fail_connection();
      commands.push_back(command);
    };
    // Deferred statements repeat (the settings of every tenant statement): prepared, they are
    // parsed and planned once per connection instead of on every request.
    for (auto& statement : batch) send_prepared(statement.sql, statement.params, -1);
    for (std::size_t i = 0; i < statements.size(); ++i)
      send_prepared(statements[i].sql, statements[i].params, static_cast<int>(i));
    if (!trailing.empty()) {
      send_unnamed(std::string(trailing), {});
      commands.push_back(-1);
    }
    if (PQpipelineSync(conn_) != 1) fail_connection();
    count_round_trip();
    std::vector<Result> results(statements.size());
    std::unique_ptr<PGresult, decltype(&PQclear)> error(nullptr, &PQclear);
    bool prepare_failed = false;
    for (int command : commands) {
      Result ignored;
      auto status = co_await read_command(deadline, command >= 0 ? results[static_cast<std::size_t>(command)] : ignored,
                                          error);
      if (command == -2 && status != PGRES_COMMAND_OK) prepare_failed = true;
    }
    co_await read_sync(deadline);
    if (PQexitPipelineMode(conn_) != 1) fail_connection();
    if (!prepare_failed)
      for (auto& [sql, name] : prepared_now) prepared_.emplace(std::move(sql), std::move(name));
    if (error) {
      if (PQstatus(conn_) != CONNECTION_OK) broken_ = true;
      // (Only a transaction this pipeline began: the caller's own is the caller's to roll back.)
      if (!broken_ && !leading.empty() && PQtransactionStatus(conn_) != PQTRANS_IDLE) co_await execute("ROLLBACK");
      throw_result_error(error.get());
    }
    co_return results;
  }

 private:
  // Reads one pipelined command's results (up to libpq's NULL between commands): rows go to
  // `out`, the first failure to `error`. Returns the command's status.
  asio::awaitable<ExecStatusType> read_command(Clock::time_point deadline, Result& out,
                                               std::unique_ptr<PGresult, decltype(&PQclear)>& error) {
    co_await flush(deadline);
    ExecStatusType last = PGRES_COMMAND_OK;
    for (;;) {
      auto result = co_await next_result(deadline);
      if (!result) co_return last;
      last = PQresultStatus(result.get());
      if (last == PGRES_TUPLES_OK) {
        out = to_result(result.get());
      } else if (last == PGRES_COMMAND_OK) {
        out = Result{};
        out.affected_rows = std::atoll(PQcmdTuples(result.get()));
      } else if (last != PGRES_PIPELINE_ABORTED && !error) {
        error = std::move(result);
      }
    }
  }

  asio::awaitable<void> read_sync(Clock::time_point deadline) {
    for (;;) {
      auto result = co_await next_result(deadline);
      if (!result) fail_connection();  // a sync result must come
      if (PQresultStatus(result.get()) == PGRES_PIPELINE_SYNC) co_return;
    }
  }

  asio::awaitable<void> flush(Clock::time_point deadline) {
    for (;;) {
      int flushed = PQflush(conn_);
      if (flushed == 0) co_return;
      if (flushed < 0) fail_connection();
      co_await wait(false, deadline);
    }
  }

  // Server notices ("relation already exists, skipping") go to the debug log, not stderr.
  static void on_notice(void*, const char* message) {
    std::string text(message);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    log::debug("postgres notice", {{"notice", text}});
  }

  [[noreturn]] void fail_connect() {
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    broken_ = true;
    throw DatabaseUnavailable("cannot connect to PostgreSQL: " + message);
  }

  [[noreturn]] void fail_connection() {
    broken_ = true;
    throw DatabaseUnavailable("lost the connection to PostgreSQL");
  }

  void adopt_socket() {
    int fd = PQsocket(conn_);
    if (socket_.is_open() && socket_.native_handle() == fd) return;
    if (socket_.is_open()) socket_.release();
    if (fd >= 0) socket_.assign(fd);
  }

  asio::awaitable<void> wait(bool for_read, Clock::time_point deadline) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_at(deadline);
    auto kind = for_read ? asio::posix::stream_descriptor::wait_read
                         : asio::posix::stream_descriptor::wait_write;
    auto outcome = co_await (socket_.async_wait(kind, asio::as_tuple(asio::use_awaitable)) ||
                             timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (outcome.index() == 1) {
      broken_ = true;  // a half-finished exchange: the connection cannot be reused
      throw DatabaseUnavailable("PostgreSQL did not answer in time");
    }
  }

  // Reads the answers of statements sent unawaited; a failed one is logged (the transaction it
  // ended was read-only), a lost connection fails this use of it.
  asio::awaitable<void> settle(Clock::time_point deadline) {
    while (unread_ > 0) {
      std::unique_ptr<PGresult, decltype(&PQclear)> error(nullptr, &PQclear);
      for (;;) {
        auto result = co_await next_result(deadline);
        if (!result) break;
        auto status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !error) error = std::move(result);
      }
      --unread_;
      if (error) {
        if (PQstatus(conn_) != CONNECTION_OK) fail_connection();
        log::warn("a statement sent without waiting failed", {{"err", PQresultErrorMessage(error.get())}});
      }
    }
  }

  // Sends what libpq has buffered, then reads every result of the current command.
  asio::awaitable<Result> collect(Clock::time_point deadline) {
    count_round_trip();
    co_await flush(deadline);
    Result out;
    // Owned at once: a wait below may throw before the loop ends.
    std::unique_ptr<PGresult, decltype(&PQclear)> error(nullptr, &PQclear);
    for (;;) {
      auto result = co_await next_result(deadline);
      if (!result) break;
      auto status = PQresultStatus(result.get());
      if (status == PGRES_TUPLES_OK)
        out = to_result(result.get());
      else if (status == PGRES_COMMAND_OK)
        out.affected_rows = std::atoll(PQcmdTuples(result.get()));
      else if (!error)
        error = std::move(result);
    }
    if (error) {
      if (PQstatus(conn_) != CONNECTION_OK) broken_ = true;
      throw_result_error(error.get());
    }
    co_return out;
  }

  // The next result libpq has, waiting for the socket while it is busy; null at the end of a
  // command's results.
  asio::awaitable<std::unique_ptr<PGresult, decltype(&PQclear)>> next_result(Clock::time_point deadline) {
    while (PQisBusy(conn_)) {
      co_await wait(true, deadline);
      if (!PQconsumeInput(conn_)) fail_connection();
    }
    co_return std::unique_ptr<PGresult, decltype(&PQclear)>(PQgetResult(conn_), &PQclear);
  }

  static Result to_result(const PGresult* result) {
    Result out;
    int rows = PQntuples(result), columns = PQnfields(result);
    auto names = std::make_shared<std::vector<std::string>>();
    names->reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) names->emplace_back(PQfname(result, c));
    out.columns = std::move(names);
    auto& row = out.cells;
    row.reserve(static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns));
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result, r, c)) {
          row.emplace_back(nullptr);
          continue;
        }
        const char* text = PQgetvalue(result, r, c);
        switch (PQftype(result, c)) {
          case kBoolOid: row.emplace_back(std::int64_t{text[0] == 't'}); break;
          case kInt2Oid:
          case kInt4Oid:
          case kInt8Oid: row.emplace_back(static_cast<std::int64_t>(std::atoll(text))); break;
          case kFloat4Oid:
          case kFloat8Oid: row.emplace_back(std::atof(text)); break;
          default: row.emplace_back(std::string(text, static_cast<std::size_t>(PQgetlength(result, r, c))));
        }
      }
    }
    out.affected_rows = rows;
    return out;
  }

  PGconn* conn_;
  asio::posix::stream_descriptor socket_;
  PoolOptions options_;
  std::unordered_map<std::string, std::string, detail::StringHash, std::equal_to<>> prepared_;
  std::vector<Statement> deferred_;
  std::uint64_t deferred_sends_ = 0;
  std::uint64_t statement_names_ = 0;
  void count_round_trip() noexcept {
    if (round_trips_) ++*round_trips_;
  }
  bool broken_ = false;
  int unread_ = 0;  // statements sent unawaited whose answers are still to be read
  std::atomic<std::uint64_t>* round_trips_ = nullptr;
};

using ConnectionPool = detail::Pool<PgConnection>;

class PgListener : public ChangeListener {
 public:
  explicit PgListener(std::unique_ptr<PgConnection> connection) : connection_(std::move(connection)) {}
  asio::awaitable<bool> wait(std::chrono::milliseconds timeout) override {
    co_return co_await connection_->await_notification(Clock::now() + timeout);
  }

 private:
  std::unique_ptr<PgConnection> connection_;
};

class PgSession : public Session {
 public:
  PgSession(PgConnection& connection, std::atomic<std::uint64_t>& counter)
      : connection_(connection), counter_(counter) {}
  Engine engine() const noexcept override { return Engine::Postgres; }
  asio::awaitable<Result> query(std::string_view sql, Params params) override {
    ++counter_;
    co_return co_await connection_.run(sql, params);
  }
  asio::awaitable<void> execute_script(std::string_view sql) override {
    ++counter_;
    co_await connection_.execute(std::string(sql));
  }
  void defer(std::string_view sql, Params params) override {
    ++counter_;
    connection_.defer(std::string(sql), std::move(params));
  }
  void defer_write(std::string_view sql, Params params) override {
    ++counter_;
    connection_.defer(std::string(sql), std::move(params), true);
  }
  asio::awaitable<std::vector<Result>> query_together(std::vector<Statement> statements) override {
    counter_ += statements.size();
    co_return co_await connection_.run_together(statements, "", "");
  }

 private:
  PgConnection& connection_;
  std::atomic<std::uint64_t>& counter_;
};

class PostgresDatabase : public Database {
 public:
  PostgresDatabase(std::string url, const PoolOptions& options)
      : Database(options.transaction_attempts), url_(std::move(url)), options_(options) {
    pool_ = std::make_shared<ConnectionPool>(options_.max_connections, options_.acquire_timeout,
        [this]() -> asio::awaitable<std::unique_ptr<PgConnection>> { return connect_with_backoff(); });
  }

  Engine engine() const noexcept override { return Engine::Postgres; }

  asio::awaitable<Result> query(std::string_view sql, Params params) override {
    auto lease = co_await pool_->acquire();
    ++statements_;
    co_return co_await lease->run(sql, params);
  }

  asio::awaitable<void> transaction_once(const std::function<asio::awaitable<void>(Session&)>& body) override {
    co_await in_transaction("BEGIN", false, body);
  }

  // REPEATABLE READ, READ ONLY: every statement sees the state of the first, and a read-only
  // transaction at this level never fails to serialize. Its COMMIT is not waited for.
  asio::awaitable<void> snapshot(std::function<asio::awaitable<void>(Session&)> body) override {
    co_await in_transaction("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", true, body);
  }

  // One statement and its deferred settings in one pipeline, in its implicit transaction.
  asio::awaitable<void> read_once(std::function<asio::awaitable<void>(Session&)> body) override {
    if (!options_.pipeline) {  // (deferred settings would go out, and end, on their own)
      co_await Database::read_once(std::move(body));
      co_return;
    }
    auto lease = co_await pool_->acquire();
    PgSession session(*lease, statements_);
    detail::OneStatementSession once(session);
    co_await body(once);
    lease->drop_deferred();  // (a body that ran nothing)
  }

  asio::awaitable<std::vector<Result>> read_together(std::vector<Statement> statements, Settings settings) override {
    if (!options_.pipeline || statements.empty()) {
      co_return co_await Database::read_together(std::move(statements), std::move(settings));
    }
    auto lease = co_await pool_->acquire();
    for (auto& [name, value] : settings) lease->defer("SELECT set_config($1, $2, true)", Params{name, value});
    statements_ += settings.size() + statements.size();
    bool alone = statements.size() == 1;
    co_return co_await lease->run_together(statements, alone ? "" : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                                           alone ? "" : "COMMIT");
  }

  asio::awaitable<void> with_session(std::function<asio::awaitable<void>(Session&)> body) override {
    auto lease = co_await pool_->acquire();
    PgSession session(*lease, statements_);
    try {
      co_await body(session);
    } catch (...) {
      lease->drop_deferred();  // (not for the connection's next user)
      throw;
    }
    if (lease->holds_deferred_writes()) co_await lease->finish_with("");
    lease->drop_deferred();
  }

  asio::awaitable<void> warm_up() override { co_await pool_->warm_up(options_.min_connections); }

  // A connection of its own, outside the pool: it holds the LISTEN for as long as it lives.
  asio::awaitable<std::unique_ptr<ChangeListener>> listen(std::string channel) override {
    for (char c : channel)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') throw std::invalid_argument("bad channel name");
    auto connection = co_await PgConnection::connect(url_, options_);
    co_await connection->execute("LISTEN " + channel);
    co_return std::make_unique<PgListener>(std::move(connection));
  }

  PoolStats pool_stats() const override {
    return PoolStats{pool_->total(), static_cast<int>(pool_->idle_count())};
  }

  void close() override {
    pool_->close();
  }

  std::uint64_t statements_executed() const noexcept override { return statements_.load(); }
  std::uint64_t round_trips() const noexcept override { return round_trips_.load(); }

 private:
  // body between `begin`, which travels with its first statement (pipeline mode), and COMMIT, or
  // ROLLBACK when it throws. The COMMIT carries the writes still deferred (an audit row), in one
  // round trip. A read-only transaction's end is sent without waiting for its answer (the
  // connection's next use reads it): it has nothing to make durable, so the body's statements
  // are its only round trips. A body that sent nothing has no transaction to end.
  asio::awaitable<void> in_transaction(std::string_view begin, bool read_only,
                                       const std::function<asio::awaitable<void>(Session&)>& body) {
    auto lease = co_await pool_->acquire();
    PgSession session(*lease, statements_);
    lease->defer(std::string(begin), {});
    const std::uint64_t sends_before = lease->deferred_sends();
    auto begun = [&] { return lease->deferred_sends() != sends_before; };
    std::exception_ptr failure;
    try {
      co_await body(session);
      if (read_only && lease->holds_deferred_writes()) throw std::logic_error("a write deferred in a read-only snapshot");
      if (read_only) {
        lease->drop_deferred();
        if (begun()) co_await lease->send_unawaited("COMMIT");
      } else if (begun() || lease->holds_deferred_writes()) {
        ++statements_;
        co_await lease->finish_with("COMMIT");
      } else {
        lease->drop_deferred();
      }
      co_return;
    } catch (...) {
      failure = std::current_exception();
    }
    lease->drop_deferred();
    if (!begun()) std::rethrow_exception(failure);  // BEGIN never went out
    if (lease->healthy()) {
      try {
        if (read_only) co_await lease->send_unawaited("ROLLBACK");
        else co_await session.execute_script("ROLLBACK");
      } catch (...) {
        lease.discard();
      }
    }
    std::rethrow_exception(failure);
  }

  // After a failed connect, further attempts fail fast until a backoff (100 ms doubling to 5 s)
  // has passed, so a down server is not hammered; the first success resets it.
  asio::awaitable<std::unique_ptr<PgConnection>> connect_with_backoff() {
    {
      std::lock_guard lock(backoff_mutex_);
      if (Clock::now() < retry_at_) throw DatabaseUnavailable(last_failure_);
    }
    try {
      auto connection = co_await PgConnection::connect(url_, options_);
      connection->count_round_trips_in(&round_trips_);
      std::lock_guard lock(backoff_mutex_);
      backoff_ = std::chrono::milliseconds(0);
      co_return connection;
    } catch (const DatabaseUnavailable& e) {
      std::lock_guard lock(backoff_mutex_);
      backoff_ = std::clamp(backoff_ * 2, std::chrono::milliseconds(100), std::chrono::milliseconds(5000));
      retry_at_ = Clock::now() + backoff_;
      last_failure_ = e.what();
      throw;
    }
  }

  std::string url_;
  PoolOptions options_;
  std::shared_ptr<ConnectionPool> pool_;
  std::mutex backoff_mutex_;
  std::chrono::milliseconds backoff_{0};
  Clock::time_point retry_at_{};
  std::string last_failure_;
  std::atomic<std::uint64_t> statements_{0};
  std::atomic<std::uint64_t> round_trips_{0};
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url, const PoolOptions& options) {
  return std::make_unique<PostgresDatabase>(url, options);
}

}  // namespace crest::db
