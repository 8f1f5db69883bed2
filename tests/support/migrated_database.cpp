#include "support/migrated_database.hpp"

#include "core/db/migrations.hpp"

namespace crest::testing {
namespace asio = boost::asio;

void MigratedDatabaseTest::SetUp() {
  DatabaseTest::SetUp();
  if (IsSkipped()) return;
  open_as_app();
  migrate();
  add_workspaces();
}

void MigratedDatabaseTest::open_as_app() { database = db::open_database(app_role_url(), {}); }

void MigratedDatabaseTest::migrate(std::optional<int> through) {
  auto migrations = db::product_migrations(engine());
  if (through) std::erase_if(migrations, [&](const db::Migration& m) { return m.version > *through; });
  run(db::migrate_up(*database, migrations));
}

void MigratedDatabaseTest::add_workspaces() {
  for (std::string id : {"w1", "w2"}) exec(id, "INSERT INTO workspaces (id, name) VALUES ($1, $2)", {id, "Workspace " + id});
}

void MigratedDatabaseTest::exec(const std::string& workspace, const std::string& sql, db::Params params,
                                common::RlsSettings more) {
  common::RlsSettings settings{{"crest.workspace_id", workspace}};
  for (auto& setting : more) settings.push_back(setting);
  run(common::with_rls(*database, settings, true, [&](db::Session& s) -> asio::awaitable<void> {
    db::Params copy = params;
    co_await s.query(sql, std::move(copy));
  }));
}

std::vector<std::string> MigratedDatabaseTest::column(const std::string& sql, const common::RlsSettings& settings) {
  std::vector<std::string> out;
  run(common::with_rls(*database, settings, false, [&](db::Session& s) -> asio::awaitable<void> {
    auto rows = co_await s.query(sql);
    for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].text(rows.columns->front()));
  }));
  return out;
}

std::int64_t MigratedDatabaseTest::number(const std::string& sql, const common::RlsSettings& settings) {
  auto values = column(sql, settings);
  return values.empty() ? 0 : std::stoll(values.front());
}

}  // namespace crest::testing
