#include "modules/files/file_records.hpp"

#include <boost/json.hpp>

#include "common/list_filter.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/time.hpp"

namespace crest::modules::files {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/modules/files/queries/") + std::string(name) + ".sql");
}
}  // namespace

std::string storage_key_for(std::string_view workspace_id, std::string_view folder, std::string_view name) {
  std::string key = std::string(workspace_id) + "/" + std::string(folder) + "/" + std::string(name);
  storage::check_object_key(key);  // made by code: a bad one is a bug, caught before any I/O
  return key;
}

asio::awaitable<db::Result> record_file(common::TenantSession& session, const NewFile& file) {
  db::Params forget{file.storage_key};
  co_await session.query(query("forget_key"), std::move(forget));
  common::Fields fields{{"storage_key", file.storage_key},
                        {"name", file.name},
                        {"content_type", file.content_type},
                        {"size_bytes", static_cast<std::int64_t>(file.stored.size)},
                        {"sha256", file.stored.sha256},
                        {"purpose", file.purpose},
                        {"job_id", file.job_id ? db::Value(*file.job_id) : db::Value(nullptr)},
                        {"expires_at", iso8601(file.expires_at)}};
  if (!file.id.empty()) fields.emplace_back("id", file.id);
  co_return co_await session.insert("files", std::move(fields));
}

asio::awaitable<db::Result> find_file(common::TenantSession& session, std::string id) {
  db::Params params{std::move(id), iso8601_now()};
  auto rows = co_await session.query(query("find"), std::move(params));
  if (rows.empty()) throw NotFound("No such file (or it has expired)");
  co_return rows;
}

json::object file_json(const db::Row& row) {
  std::string id = row.text("id");
  return {{"id", id},
          {"name", row.text("name")},
          {"contentType", row.text("content_type")},
          {"size", row.integer("size_bytes")},
          {"sha256", row.text("sha256")},
          {"purpose", row.text("purpose")},
          {"jobId", row.is_null("job_id") ? json::value(nullptr) : json::value(row.text("job_id"))},
          {"url", "/api/v1/files/" + id},
          {"expiresAt", row.is_null("expires_at") ? json::value(nullptr) : json::value(row.time("expires_at"))},
          {"createdAt", row.time("created_at")}};
}

schema::Schema file_view() {
  using namespace crest::schema;
  return object({{"id", string().uuid()},
                 {"name", string().max(255)},
                 {"contentType", string().max(255)},
                 {"size", integer().min(0)},
                 {"sha256", string().min(64).max(64).describe("SHA-256 of the bytes, lower-case hex")},
                 {"purpose", enumeration({purpose::Export, purpose::Import, purpose::ImportErrors})},
                 {"jobId", string().uuid().nullable().describe("The job that wrote it")},
                 {"url", string().max(255).describe("GET it to download the file")},
                 {"expiresAt", datetime().nullable().describe("When the files.expire cron removes it")},
                 {"createdAt", datetime()}})
      .name("FileView");
}

const crest::auth::ConditionColumns& file_condition_columns() {
  static const crest::auth::ConditionColumns columns{
      {"id", "f.id"}, {"purpose", "f.purpose"}, {"createdBy", "f.created_by"}};
  return columns;
}

json::object file_subject(const db::Row& row) {
  return {{"id", row.text("id")},
          {"purpose", row.text("purpose")},
          {"createdBy", row.is_null("created_by") ? json::value(nullptr) : json::value(row.text("created_by"))}};
}

}  // namespace crest::modules::files
