#include "modules/system/purge.hpp"

#include <boost/json.hpp>

#include <map>

#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/util/time.hpp"

namespace crest::modules::system {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::int64_t kBatch = 500;

struct PurgeTarget {
  const char* table;
  const char* subject;  // of its audit entries
};

// Children before parents: a parent is purged only once nothing refers to it.
constexpr PurgeTarget kTargets[] = {
    {"activities", "Activity"},   {"deals", "Deal"},           {"contacts", "Contact"}, {"companies", "Company"},
    {"refresh_tokens", "Session"}, {"invitations", "Invitation"}, {"outbox", "Mail"},
};

std::string_view purge_query(std::string_view table) {
  return db::sql_file("src/modules/system/queries/purge_" + std::string(table) + ".sql");
}

// One batch of `target` and its audit entries, in one transaction; how many rows went.
asio::awaitable<std::int64_t> purge_batch(db::Database& database, const PurgeTarget& target, const std::string& cutoff,
                                          const std::string& run_id) {
  const common::RlsSettings purger{{"crest.purge", "on"}};
  std::int64_t gone = 0;
  co_await common::with_rls(database, purger, true, [&](db::Session& s) -> asio::awaitable<void> {
    db::Params params{cutoff, kBatch};
    auto rows = co_await s.query(purge_query(target.table), std::move(params));
    gone = static_cast<std::int64_t>(rows.size());
    std::map<std::string, std::int64_t> per_workspace;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].is_null("workspace_id")) ++per_workspace[rows[i].text("workspace_id")];
    }
    for (const auto& [workspace, count] : per_workspace) {
      common::RlsSettings in_workspace{{"crest.workspace_id", workspace}};  // audit_logs sits behind RLS
      co_await common::apply_rls_settings(s, in_workspace);
      common::AuditRow row{db::Value(nullptr), "Purge", target.subject, db::Value(nullptr), true, db::Value(run_id),
                           db::Value(nullptr), json::object{{"removed", count}, {"endedBefore", cutoff}}};
      common::Tenant system{workspace, ""};
      common::TenantSession scoped(s, system);
      co_await common::insert_audit_row(scoped, row);
    }
  });
  co_return gone;
}

}  // namespace

std::int64_t PurgeReport::total() const {
  std::int64_t sum = 0;
  for (const auto& [table, count] : removed) sum += count;
  return sum;
}

json::object PurgeReport::to_json() const {
  json::object per_table;
  for (const auto& [table, count] : removed) per_table[table] = count;
  return {{"removed", std::move(per_table)}, {"endedBefore", ended_before}};
}

asio::awaitable<PurgeReport> purge_ended_rows(db::Database& database, std::chrono::sys_seconds cutoff, std::string run_id,
                                              std::function<bool()> stop) {
  PurgeReport report;
  report.ended_before = iso8601(std::chrono::system_clock::time_point(cutoff));
  for (const PurgeTarget& target : kTargets) {
    std::int64_t removed = 0;
    for (;;) {
      std::int64_t gone = co_await purge_batch(database, target, report.ended_before, run_id);
      removed += gone;
      if (gone < kBatch || stop()) break;
    }
    report.removed.emplace_back(target.table, removed);
    if (stop()) break;
  }
  co_return report;
}

}  // namespace crest::modules::system
