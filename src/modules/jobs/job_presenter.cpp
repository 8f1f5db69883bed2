#include "modules/jobs/job_presenter.hpp"

#include <boost/json.hpp>

#include "core/db/sql_files.hpp"
#include "core/errors.hpp"

namespace crest::modules::jobs {
namespace json = boost::json;

namespace {
json::value json_or_null(const db::Row& row, std::string_view column) {
  if (row.is_null(column)) return nullptr;
  boost::system::error_code ec;
  json::value parsed = json::parse(row.text(column), ec);
  return ec ? json::value(nullptr) : parsed;
}
}  // namespace

json::object present_job(const db::Row& row) {
  auto time_or_null = [&](std::string_view column) {
    return row.is_null(column) ? json::value(nullptr) : json::value(row.time(column));
  };
  return {{"id", row.text("id")},
          {"queue", row.text("queue")},
          {"name", row.text("name")},
          {"status", row.text("state")},
          {"priority", row.integer("priority")},
          {"progress", json_or_null(row, "progress")},
          {"attempts", row.integer("attempts")},
          {"maxAttempts", row.integer("max_attempts")},
          {"result", json_or_null(row, "result")},
          {"error", row.is_null("error") ? json::value(nullptr) : json::value(row.text("error"))},
          {"runAt", row.time("run_at")},
          {"createdAt", row.time("created_at")},
          {"startedAt", time_or_null("started_at")},
          {"finishedAt", time_or_null("finished_at")},
          {"cancelRequestedAt", time_or_null("cancel_requested_at")}};
}

boost::asio::awaitable<json::object> job_view(common::TenantSession& session, std::string id) {
  std::string sql = std::string(db::sql_file("src/modules/jobs/queries/list.sql")) + " AND j.id = $2";
  db::Params params{std::move(id)};
  auto rows = co_await session.query(sql, std::move(params));
  if (rows.empty()) throw NotFound("No such job");
  co_return present_job(rows.front());
}

}  // namespace crest::modules::jobs
