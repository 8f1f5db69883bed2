#include "modules/files/files_module.hpp"

#include <boost/json.hpp>

#include <fstream>

#include "common/list_filter.hpp"
#include "common/pagination.hpp"
#include "common/request_fields.hpp"
#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/log/log.hpp"
#include "shared/storage/s3_location.hpp"
#include "core/util/time.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/files/file_records.hpp"
#include "shared/storage/async_storage.hpp"

namespace crest::modules {
namespace asio = boost::asio;
namespace json = boost::json;

namespace files {
namespace {
std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/modules/files/queries/") + std::string(name) + ".sql");
}

constexpr std::size_t kReadPiece = 256 * 1024;
constexpr std::chrono::seconds kDownloadUrlLifetime{300};

// attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded (RFC 6266).
std::string content_disposition(const std::string& name) {
  std::string ascii;
  for (unsigned char c : name) ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + storage::aws_uri_encode(name, false);
}

class FilesService {
 public:
  FilesService(db::Database& database, std::shared_ptr<storage::AsyncStorage> storage)
      : database_(database), storage_(std::move(storage)),
        pagination_(std::vector<common::SortColumn>{{"createdAt", "created_at"}, {"expiresAt", "expires_at"}}) {}

  schema::Schema list_query() const {
    using namespace crest::schema;
    return common::list_query({{"purpose", enumeration({purpose::Export, purpose::Import, purpose::ImportErrors}).optional()},
                               {"jobId", string().uuid().optional()}},
                              pagination_);
  }

  asio::awaitable<Reply> list(RequestContext& ctx) {
    const auto& abilities = *auth::caller(ctx).abilities;
    common::ListFilter where(query("list"), database_.engine());
    // Expired files are gone to the API the moment they expire, whether or not the cron has run.
    where.sql += " AND (f.expires_at IS NULL OR f.expires_at > $2)";
    where.params.emplace_back(iso8601_now());
    where.equals("f.purpose", common::optional_text(ctx.query, "purpose"))
        .equals("f.job_id", common::optional_text(ctx.query, "jobId"))
        .readable(abilities, "File", file_condition_columns());
    auto request = pagination_.request(ctx.query);
    auto tenant = common::tenant_of(database_, ctx);
    std::pair<db::Result, PageMeta> page;
    co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
      page = co_await pagination_.fetch(s, where.sql, where.params, request);
    });
    json::array items;
    for (std::size_t i = 0; i < page.first.size(); ++i) items.push_back(file_json(page.first[i]));
    co_return Reply::page(std::move(items), page.second);
  }

  asio::awaitable<Reply> download(RequestContext& ctx) {
    const auto& abilities = *auth::caller(ctx).abilities;
    std::string id(ctx.params.at("id").as_string());
    auto tenant = common::tenant_of(database_, ctx);
    db::Result row;
    co_await tenant.read_once([&](common::TenantSession& s) -> asio::awaitable<void> { row = co_await find_file(s, id); });
    // A file the caller may not read is as absent as another workspace's.
    if (!abilities.can(crest::auth::action::Read, "File", file_subject(row.front()))) throw NotFound("No such file (or it has expired)");
    std::string key = row.front().text("storage_key");
    std::string name = row.front().text("name");
    std::string type = row.front().text("content_type");

    storage::Storage& store = storage_->storage();
    storage::DownloadOptions options{name, type, kDownloadUrlLifetime};
    if (auto url = store.download_url(key, options)) {  // signing is local: no I/O
      http::Response moved;
      moved.status = 302;
      moved.set_header("Location", *url);
      moved.set_header("Cache-Control", "no-store");
      moved.content_type = "text/plain; charset=utf-8";
      co_return Reply::send(std::move(moved));
    }
    co_return Reply::send(stream_local(store, key, name, type, row.front().text("sha256")));
  }

 private:
  http::Response stream_local(storage::Storage& store, const std::string& key, const std::string& name,
                              const std::string& type, const std::string& sha256) {
    auto path = store.local_file(key);
    auto file = std::make_shared<std::ifstream>();
    if (path) file->open(*path, std::ios::binary);
    if (!path || !*file) {
      log::warn("a file's row outlived its bytes", {{"key", key}});
      throw NotFound("No such file (or it has expired)");
    }
    http::Response response;
    response.content_type = type;
    response.set_header("Content-Disposition", content_disposition(name));
    response.set_header("Cache-Control", "private, no-store");
    response.set_header("ETag", "\"" + sha256 + "\"");
    auto pool = storage_;
    response.stream = [file, pool]() -> asio::awaitable<std::optional<std::string>> {
      std::string piece(kReadPiece, '\0');
      std::streamsize got = 0;
      std::function<void()> read = [&] {
        file->read(piece.data(), static_cast<std::streamsize>(piece.size()));
        got = file->gcount();
      };
      co_await pool->run(read);  // the disk is read off the event loop
      std::optional<std::string> out;
      if (got > 0) {
        piece.resize(static_cast<std::size_t>(got));
        out = std::move(piece);
      }
      co_return out;  // nullopt: the end
    };
    return response;
  }

  db::Database& database_;
  std::shared_ptr<storage::AsyncStorage> storage_;
  common::Pagination pagination_;
};

// Removes files past their expiry, every workspace's, a batch at a time: the bytes first, then
// the row with its workspace's audit entry (Expire File, no actor), so a row never points at
// nothing for longer than a removal takes. A store that fails
// stops the run; the next tick goes on where it stopped.
asio::awaitable<json::value> expire_files(queue::JobContext& tick, storage::AsyncStorage& storage) {
  constexpr std::int64_t kBatch = 100;
  const common::RlsSettings retention{{"crest.file_retention", "on"}};
  std::int64_t removed = 0;
  for (;;) {
    db::Result batch;
    co_await common::with_rls(tick.database(), retention, false, [&](db::Session& s) -> asio::awaitable<void> {
      db::Params params{iso8601_now(), kBatch};
      batch = co_await s.query(query("expired"), std::move(params));
    });
    for (std::size_t i = 0; i < batch.size(); ++i) {
      std::string key = batch[i].text("storage_key");
      std::function<void()> remove = [&storage, &key] { storage.storage().remove(key); };
      co_await storage.run(remove);
      std::string id = batch[i].text("id");
      co_await common::with_rls(tick.database(), retention, true, [&](db::Session& s) -> asio::awaitable<void> {
        db::Params params{id};
        auto gone = co_await s.query(query("remove"), std::move(params));
        if (gone.empty()) co_return;  // (removed meanwhile by another run)
        // The workspace's audit log says it went: a system action (no actor), the run's job id.
        const std::string workspace = gone[0].text("workspace_id");
        common::RlsSettings in_workspace{{"crest.workspace_id", workspace}};
        co_await common::apply_rls_settings(s, in_workspace);
        common::AuditRow row{db::Value(nullptr), "Expire", "File", db::Value(id), true, db::Value(tick.job().id),
                             db::Value(nullptr),
                             json::object{{"name", gone[0].text("name")}, {"expiredAt", gone[0].time("expires_at")}}};
        common::Tenant system{workspace, ""};
        common::TenantSession scoped(s, system);
        co_await common::insert_audit_row(scoped, row);
      });
      ++removed;
    }
    if (static_cast<std::int64_t>(batch.size()) < kBatch || tick.cancelled()) break;
  }
  co_return json::object{{"removed", json::object{{"files", removed}}}};
}
}  // namespace
}  // namespace files

void FilesModule::register_routes(ModuleContext& ctx) {
  auto storage = ctx.providers.get<storage::AsyncStorage>();
  auto service = std::make_shared<files::FilesService>(ctx.db, storage);

  Scope api(ctx.router, "/api/v1", "Files");
  api.get("/files").summary("List the workspace's files that have not expired")
      .description("What exports and imports wrote, newest first; each item's url downloads it.")
      .can("Read", "File").query(service->list_query())
      .response(200, page_of(files::file_view()))
      .handle(service, &files::FilesService::list);
  api.get("/files/:id").summary("Download a file an export or an import produced")
      .description("Local storage streams the bytes; an S3 store answers 302 with a presigned URL valid for 5 minutes.")
      .can("Read", "File").params(schema::object({{"id", schema::string().uuid()}}))
      .produces("application/octet-stream").response(200, schema::string().max(1e10))
      .no_content(302)
      .handle(service, &files::FilesService::download);

  ctx.crons
      .add("files.expire", ctx.config.file_retention_schedule, {},
           [storage](queue::JobContext& tick) -> asio::awaitable<json::value> {
             co_return co_await files::expire_files(tick, *storage);
           })
      .attempts(1)
      .timeout(std::chrono::minutes(10));
}

}  // namespace crest::modules
