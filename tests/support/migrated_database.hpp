#pragma once
// An integration test on a database migrated to the product's schema by the application's own
// role (row-level security applies to it, as in production), holding the workspaces w1 and w2.
#include <optional>
#include <string>
#include <vector>

#include "common/tenant_db.hpp"
#include "support/database_fixture.hpp"

namespace crest::testing {

class MigratedDatabaseTest : public DatabaseTest {
 protected:
  void SetUp() override;

  bool postgres() const { return GetParam() == TestEngine::Postgres; }
  db::Engine engine() const { return postgres() ? db::Engine::Postgres : db::Engine::Sqlite; }

  // The steps of SetUp, for a test that stops between them (an upgrade from an older schema).
  void open_as_app();
  void migrate(std::optional<int> through = std::nullopt);  // the product's migrations, up to `through`
  void add_workspaces();                                    // w1 and w2, named "Workspace w1" and "Workspace w2"

  // Runs `sql` in one transaction as `workspace`'s tenant, with `more` settings beside.
  void exec(const std::string& workspace, const std::string& sql, db::Params params = {}, common::RlsSettings more = {});
  // The first column of each row `sql` returns, as text, read in a transaction with `settings`.
  std::vector<std::string> column(const std::string& sql, const common::RlsSettings& settings);
  std::int64_t number(const std::string& sql, const common::RlsSettings& settings);  // the first one, 0 if none
};

}  // namespace crest::testing
