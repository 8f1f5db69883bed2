#pragma once
// The queue's and the crons' integration tests: a fresh database migrated to the product schema,
// opened as the application's role (row-level security applies), and statements run as the
// worker (the jobs policy lets it see every workspace's jobs).
#include <string>

#include "core/db/migrations.hpp"
#include "support/database_fixture.hpp"

namespace crest::testing {

class QueueDatabaseTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped()) return;
    app_url = app_role_url();
    database = db::open_database(app_url, {});
    auto engine = GetParam() == TestEngine::Postgres ? db::Engine::Postgres : db::Engine::Sqlite;
    auto migrations = db::product_migrations(engine);
    run(db::migrate_up(*database, migrations));
  }

  db::Result as_worker(const std::string& sql, db::Params params = {}) {
    db::Result out;
    run(database->transaction([&](db::Session& tx) -> boost::asio::awaitable<void> {
      if (tx.engine() == db::Engine::Postgres) tx.defer("SELECT set_config('crest.queue_worker', 'on', true)", {});
      out = co_await tx.query(sql, params);
    }));
    return out;
  }

  std::string app_url;  // as the application's role: another connection opens the same database
};

}  // namespace crest::testing
