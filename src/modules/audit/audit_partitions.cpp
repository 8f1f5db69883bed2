#include "modules/audit/audit_partitions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"

namespace crest::modules::audit {
namespace asio = boost::asio;
using std::chrono::sys_seconds;

namespace {

constexpr const char* kTenantPolicy =
    "CREATE POLICY audit_logs_tenant ON {} "
    "USING (workspace_id = current_setting('crest.workspace_id', true) "
    "OR current_setting('crest.audit_maintenance', true) = 'on') "
    "WITH CHECK (workspace_id = current_setting('crest.workspace_id', true) "
    "OR current_setting('crest.audit_maintenance', true) = 'on')";

}  // namespace

asio::awaitable<std::vector<Partition>> partitions(db::Session& s) {
  auto rows = co_await s.query(db::sql_file("src/modules/audit/queries/partitions.postgres.sql"));
  std::vector<Partition> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].is_null("from_s") || rows[i].is_null("to_s")) continue;  // MINVALUE/MAXVALUE bounds: not ours
    out.push_back({rows[i].text("name"),
                   {sys_seconds(std::chrono::seconds(rows[i].integer("from_s"))),
                    sys_seconds(std::chrono::seconds(rows[i].integer("to_s")))}});
  }
  co_return out;
}

asio::awaitable<std::vector<std::string>> partition_names(db::Session& s) {
  auto rows = co_await s.query(
      "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
      "WHERE i.inhparent = 'audit_logs'::regclass");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].text("name"));
  std::sort(out.begin(), out.end());  // (byte order: a collation may order underscores otherwise)
  co_return out;
}

std::vector<std::string> securing_statements(const std::string& table) {
  std::string name(common::checked_identifier(table));
  return {fmt::format("ALTER TABLE {} ENABLE ROW LEVEL SECURITY", name),
          fmt::format("ALTER TABLE {} FORCE ROW LEVEL SECURITY", name),
          fmt::format("DROP POLICY IF EXISTS audit_logs_tenant ON {}", name), fmt::format(fmt::runtime(kTenantPolicy), name)};
}

asio::awaitable<std::vector<std::string>> secure_unsecured_partitions(db::Session& s) {
  auto rows = co_await s.query(db::sql_file("src/modules/audit/queries/unsecured_partitions.postgres.sql"));
  std::vector<std::string> secured;
  for (std::size_t i = 0; i < rows.size(); ++i) secured.push_back(rows[i].text("name"));
  for (const std::string& table : secured) {
    auto statements = securing_statements(table);
    for (const std::string& statement : statements) co_await s.query(statement);
  }
  co_return secured;
}

}  // namespace crest::modules::audit
