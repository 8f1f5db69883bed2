// A point select by primary key through crest's database API versus the raw client library on
// the same table: the API's overhead. PostgreSQL runs only when CREST_BENCH_DATABASE_URL is set.
#include <benchmark/benchmark.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/db/database.hpp"

namespace {
namespace asio = boost::asio;
using crest::db::Params;

constexpr int kRows = 1000;
const std::string kSelect = "SELECT id, name, qty FROM bench_items WHERE id = $1";

std::string sqlite_path() { return (std::filesystem::temp_directory_path() / "crest_db_bench.sqlite").string(); }

void create_sqlite_table() {
  static bool done = false;
  if (done) return;
  std::filesystem::remove(sqlite_path());
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // the library set up as crest sets it up, for both sides
  sqlite3* db = nullptr;
  sqlite3_open(sqlite_path().c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE bench_items (id TEXT PRIMARY KEY, name TEXT, qty INTEGER);"
                   "BEGIN;", nullptr, nullptr, nullptr);
  for (int i = 0; i < kRows; ++i) {
    std::string sql = "INSERT INTO bench_items VALUES ('id" + std::to_string(i) + "', 'name" + std::to_string(i) +
                      "', " + std::to_string(i) + ")";
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "COMMIT;", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  done = true;
}

void RawSqlitePointSelect(benchmark::State& state) {
  create_sqlite_table();
  sqlite3* db = nullptr;
  sqlite3_open_v2(sqlite_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "SELECT id, name, qty FROM bench_items WHERE id = ?1", -1, &statement, nullptr);
  int i = 0;
  for (auto _ : state) {
    std::string id = "id" + std::to_string(i++ % kRows);
    sqlite3_bind_text(statement, 1, id.data(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
    // Read every selected column into owned values, as an application would.
    if (sqlite3_step(statement) == SQLITE_ROW) {
      std::string row_id(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
      std::string name(reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)));
      benchmark::DoNotOptimize(row_id);
      benchmark::DoNotOptimize(name);
      benchmark::DoNotOptimize(sqlite3_column_int64(statement, 2));
    }
    sqlite3_reset(statement);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
}
BENCHMARK(RawSqlitePointSelect);

void run_api(benchmark::State& state, const std::string& url) {
  asio::io_context io;
  {
    auto database = crest::db::open_database(url, {});
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
      int i = 0;
      for (auto _ : state) {
        Params id{"id" + std::to_string(i++ % kRows)};
        auto rows = co_await database->query(kSelect, std::move(id));  // params are taken by value
        std::string name = rows.front().text("name");
        benchmark::DoNotOptimize(name);
        benchmark::DoNotOptimize(rows.front().integer("qty"));
      }
      database->close();
    }, asio::detached);
    io.run();
  }
}

void ApiSqlitePointSelect(benchmark::State& state) {
  create_sqlite_table();
  run_api(state, "sqlite:" + sqlite_path());
}
BENCHMARK(ApiSqlitePointSelect);

const char* postgres_url() { return std::getenv("CREST_BENCH_DATABASE_URL"); }

void create_postgres_table() {
  static bool done = false;
  if (done) return;
  PGconn* conn = PQconnectdb(postgres_url());
  PQclear(PQexec(conn, "DROP TABLE IF EXISTS bench_items; CREATE TABLE bench_items (id text PRIMARY KEY, name text, qty integer);"
                       "INSERT INTO bench_items SELECT 'id' || g, 'name' || g, g FROM generate_series(0, 999) g"));
  PQfinish(conn);
  done = true;
}

void RawLibpqPointSelect(benchmark::State& state) {
  if (!postgres_url()) return state.SkipWithError("CREST_BENCH_DATABASE_URL is not set");
  create_postgres_table();
  PGconn* conn = PQconnectdb(postgres_url());
  PQclear(PQprepare(conn, "select_item", kSelect.c_str(), 1, nullptr));
  int i = 0;
  for (auto _ : state) {
    std::string id = "id" + std::to_string(i++ % kRows);
    const char* values[] = {id.c_str()};
    PGresult* result = PQexecPrepared(conn, "select_item", 1, values, nullptr, nullptr, 0);
    std::string row_id(PQgetvalue(result, 0, 0));
    std::string name(PQgetvalue(result, 0, 1));
    benchmark::DoNotOptimize(row_id);
    benchmark::DoNotOptimize(name);
    benchmark::DoNotOptimize(std::atoll(PQgetvalue(result, 0, 2)));
    PQclear(result);
  }
  PQfinish(conn);
}
BENCHMARK(RawLibpqPointSelect);

void ApiPostgresPointSelect(benchmark::State& state) {
  if (!postgres_url()) return state.SkipWithError("CREST_BENCH_DATABASE_URL is not set");
  create_postgres_table();
  run_api(state, postgres_url());
}
BENCHMARK(ApiPostgresPointSelect);

// A tenant-scoped read on PostgreSQL: BEGIN, SET LOCAL crest.workspace_id, the SELECT, COMMIT.
// Pipeline mode sends the first three in one round trip (2 round trips instead of 4).
void ApiPostgresTenantRead(benchmark::State& state) {
  if (!postgres_url()) return state.SkipWithError("CREST_BENCH_DATABASE_URL is not set");
  create_postgres_table();
  crest::db::PoolOptions options;
  options.pipeline = state.range(0) == 1;
  asio::io_context io;
  {
    auto database = crest::db::open_database(postgres_url(), options);
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
      int i = 0;
      for (auto _ : state) {
        crest::db::Result rows;
        co_await database->transaction([&](crest::db::Session& tx) -> asio::awaitable<void> {
          tx.defer("SELECT set_config('crest.workspace_id', $1, true)", Params{std::string("w1")});
          Params id{"id" + std::to_string(i++ % kRows)};
          rows = co_await tx.query(kSelect, id);
        });
        benchmark::DoNotOptimize(rows.front().integer("qty"));
      }
      database->close();
    }, asio::detached);
    io.run();
  }
}
BENCHMARK(ApiPostgresTenantRead)->ArgName("pipeline")->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
