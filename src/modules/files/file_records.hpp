#pragma once
// Files as other modules use them: an export or an import writes its bytes to storage under a
// key of its own, then records the file here, in the workspace, with its expiry. The row is what
// GET /files/:id serves and what the files.expire cron removes.
//
//   auto stored = writer->finish();
//   auto row = co_await files::record_file(session, {key, "companies.csv", "text/csv", "Export", stored, job.id, expiry});
//   co_return json::object{{"file", files::file_json(row.front())}};
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/tenant_db.hpp"
#include "core/auth/abilities.hpp"
#include "core/schema/schema.hpp"
#include "shared/storage/storage.hpp"

namespace crest::modules::files {

// Title Case, as stored and sent.
namespace purpose {
inline constexpr const char* Export = "Export";
inline constexpr const char* Import = "Import";
inline constexpr const char* ImportErrors = "ImportErrors";
}  // namespace purpose

struct NewFile {
  std::string id;            // empty: a new UUIDv7
  std::string storage_key;   // storage_key_for(...)
  std::string name;          // what a browser saves it as
  std::string content_type;
  std::string purpose;       // purpose::Export, ...
  storage::StoredObject stored;
  std::optional<std::string> job_id;
  std::chrono::system_clock::time_point expires_at;
};

// "<workspace>/<folder>/<name>": each workspace's objects under a prefix of its own. name is made
// by code (a job id and an extension), never taken from a request.
std::string storage_key_for(std::string_view workspace_id, std::string_view folder, std::string_view name);

// The row for the stored object, in session's workspace. A row already there for the same key
// (the job wrote it on an earlier attempt and the object was overwritten since) is replaced, so
// a retried job leaves one file.
boost::asio::awaitable<db::Result> record_file(common::TenantSession& session, const NewFile& file);

// One live, unexpired file of the workspace; NotFound otherwise (also for other workspaces').
boost::asio::awaitable<db::Result> find_file(common::TenantSession& session, std::string id);

// {id, name, contentType, size, sha256, purpose, jobId, url, expiresAt, createdAt}: url is the
// API path that downloads it.
boost::json::object file_json(const db::Row& row);
schema::Schema file_view();

// What ability conditions on a file may name, as columns of `files f`.
const crest::auth::ConditionColumns& file_condition_columns();
boost::json::object file_subject(const db::Row& row);

}  // namespace crest::modules::files
