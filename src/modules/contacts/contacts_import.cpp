#include "modules/contacts/contacts_import.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <set>

#include "common/id_list.hpp"
#include "common/pg_text_array.hpp"
#include "common/tenant_db.hpp"
#include "core/auth/abilities.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/time.hpp"
#include "core/util/uuid.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/member_abilities.hpp"
#include "modules/contacts/contact_schema.hpp"
#include "modules/contacts/import_columns.hpp"
#include "modules/files/file_records.hpp"
#include "modules/files/upload.hpp"
#include "modules/jobs/accepted_job.hpp"
#include "shared/csv/csv_reader.hpp"
#include "shared/csv/csv_writer.hpp"
#include "shared/storage/async_storage.hpp"

namespace crest::modules::contacts {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
constexpr std::size_t kUploadLimit = 10 * 1024 * 1024;
constexpr std::uint64_t kReadPiece = 1024 * 1024;
constexpr std::size_t kBatchRows = 500;
constexpr std::size_t kResultErrors = 100;  // in the job's result; every one in the errors file
constexpr std::chrono::hours kCheckpointsKept{24 * 30};

std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/modules/contacts/queries/") + std::string(name) + ".sql");
}

struct Checkpoint {
  std::uint64_t offset = 0;  // 0: nothing imported yet
  std::uint64_t line = 1;
  std::int64_t imported = 0;
  std::int64_t failed = 0;
  std::optional<std::string> result;
};

struct RowError {
  std::uint64_t line;
  std::string path;
  std::string message;
};

// The object's records from `offset` on, a piece of it at a time (a ranged read each).
class RecordSource {
 public:
  RecordSource(storage::AsyncStorage& storage, std::string key, std::uint64_t size, std::uint64_t offset,
               std::uint64_t line)
      : storage_(storage), key_(std::move(key)), size_(size), offset_(offset), reader_({}, offset, line) {}

  // Appends the records of the next piece; false once the input is done.
  asio::awaitable<bool> next(std::vector<csv::CsvRecord>& out) {
    if (finished_) co_return false;
    if (offset_ >= size_) {
      reader_.finish(out);
      finished_ = true;
      co_return true;
    }
    std::string piece;
    std::uint64_t length = std::min(kReadPiece, size_ - offset_);
    std::function<void()> read = [&] {
      storage_.storage().read_range(key_, offset_, length, [&](std::string_view bytes) { piece += bytes; });
    };
    co_await storage_.run(read);
    if (piece.empty()) {
      size_ = offset_;  // shorter than its row says: the end is here
      co_return true;
    }
    offset_ += piece.size();
    reader_.feed(piece, out);
    co_return true;
  }

 private:
  storage::AsyncStorage& storage_;
  std::string key_;
  std::uint64_t size_;
  std::uint64_t offset_;
  csv::CsvReader reader_;
  bool finished_ = false;
};

// The rows of a batch that passed validation, as the insert takes them.
struct ValidRow {
  std::uint64_t line;
  json::object contact;
};

json::object contact_of(const csv::CsvRecord& record, const ImportColumns& columns) {
  json::object out;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const auto& field = columns.field_of[i];
    if (!field) continue;
    const std::string& value = record.fields[i];
    bool required = *field == "firstName" || *field == "lastName";
    if (value.empty() && !required) continue;  // an empty optional cell is no value
    out[*field] = value;
  }
  return out;
}

db::Value text_or_null(const json::object& contact, std::string_view field) {
  const auto* value = contact.if_contains(field);
  if (!value || !value->is_string()) return nullptr;
  return std::string(value->as_string());
}

class ContactsImport {
 public:
  ContactsImport(queue::JobContext& job, storage::AsyncStorage& storage, std::chrono::seconds file_ttl)
      : job_(job), storage_(storage), file_ttl_(file_ttl), tenant_(job.database(), tenant_of(job.job())) {}

  asio::awaitable<json::value> run() {
    Checkpoint checkpoint;
    db::Result file;
    std::string file_id(job_.payload().at("fileId").as_string());
    co_await tenant_.read([&](common::TenantSession& s) -> asio::awaitable<void> {
      checkpoint = co_await load_checkpoint(s);
      if (!checkpoint.result) file = co_await files::find_file(s, file_id);
    });
    if (checkpoint.result) co_return json::parse(*checkpoint.result);  // done before; not marked done
    key_ = file.front().text("storage_key");
    size_ = static_cast<std::uint64_t>(file.front().integer("size_bytes"));

    co_await read_header();
    std::int64_t total = co_await count_rows();
    std::uint64_t offset = checkpoint.offset ? checkpoint.offset : header_end_;
    std::uint64_t line = checkpoint.offset ? checkpoint.line : header_next_line_;
    imported_ = checkpoint.imported;
    failed_ = checkpoint.failed;
    json::value progress = json::object{{"done", imported_ + failed_}, {"total", total}};
    co_await job_.progress(progress);

    RecordSource source(storage_, key_, size_, offset, line);
    std::vector<csv::CsvRecord> pending;
    for (bool more = true; more;) {
      more = co_await source.next(pending);
      std::size_t at = 0;
      while (pending.size() - at >= kBatchRows || (!more && at < pending.size())) {
        std::size_t count = std::min(kBatchRows, pending.size() - at);
        co_await import_batch(pending, at, count);
        at += count;
        progress = json::object{{"done", imported_ + failed_}, {"total", std::max(total, imported_ + failed_)}};
        co_await job_.progress(progress);
        if (job_.cancelled() && (more || at < pending.size())) {  // (after the last batch: finish)
          auto last_line = pending[at - 1].next_line - 1;
          if (job_.cancel_requested())
            throw std::runtime_error(fmt::format("Cancelled after line {}: {} contacts imported, {} rows failed; "
                                                 "the rest of the file was not read", last_line, imported_, failed_));
          throw std::runtime_error(fmt::format("The import stopped (timeout or shutdown) after line {}; it resumes there",
                                               last_line));
        }
      }
      pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(at));
    }
    co_return co_await finish();
  }

 private:
  static common::Tenant tenant_of(const queue::ClaimedJob& job) {
    if (!job.workspace_id || !job.actor_id) throw queue::PermanentJobError("An import runs for a member of a workspace");
    return {*job.workspace_id, *job.actor_id};
  }

  asio::awaitable<Checkpoint> load_checkpoint(common::TenantSession& s) {
    db::Params params{job_.job().id};
    auto rows = co_await s.query(query("import_checkpoint"), std::move(params));
    Checkpoint out;
    if (rows.empty()) co_return out;
    out.offset = static_cast<std::uint64_t>(rows.front().integer("byte_offset"));
    out.line = static_cast<std::uint64_t>(rows.front().integer("next_line"));
    out.imported = rows.front().integer("imported");
    out.failed = rows.front().integer("failed");
    out.result = rows.front().optional_text("result");
    co_return out;
  }

  asio::awaitable<void> save_checkpoint(common::TenantSession& s, std::uint64_t offset, std::uint64_t line,
                                        std::int64_t imported, std::int64_t failed, std::optional<std::string> result) {
    db::Params params{job_.job().id, static_cast<std::int64_t>(offset), static_cast<std::int64_t>(line), imported,
                      failed, result ? db::Value(*result) : db::Value(nullptr), iso8601_now()};
    co_await s.query(query("save_import_checkpoint"), std::move(params));
  }

  // The first record is the header: what the rest map to, and where they start.
  asio::awaitable<void> read_header() {
    RecordSource source(storage_, key_, size_, 0, 1);
    std::vector<csv::CsvRecord> records;
    while (records.empty() && co_await source.next(records)) {
    }
    if (records.empty()) throw queue::PermanentJobError("The file has no header row");
    const auto& header = records.front();
    if (header.error) throw queue::PermanentJobError(fmt::format("The header row (line {}): {}", header.line, *header.error));
    columns_ = map_import_header(header.fields);
    if (!columns_.problem.empty()) throw queue::PermanentJobError(columns_.problem);
    header_end_ = header.end_offset;
    header_next_line_ = header.next_line;
  }

  // The rows after the header (for progress: a quick pass, no row kept).
  asio::awaitable<std::int64_t> count_rows() {
    RecordSource source(storage_, key_, size_, header_end_, header_next_line_);
    std::vector<csv::CsvRecord> records;
    std::int64_t total = 0;
    while (co_await source.next(records)) {
      total += static_cast<std::int64_t>(records.size());
      records.clear();
    }
    co_return total;
  }

  // Validates records [at, at + count), writes the valid ones, their errors and the checkpoint
  // after the last, in one transaction.
  asio::awaitable<void> import_batch(const std::vector<csv::CsvRecord>& records, std::size_t at, std::size_t count) {
    std::vector<ValidRow> valid;
    std::vector<RowError> errors;
    const auto& schema = contracts::create_contact();
    for (std::size_t i = at; i < at + count; ++i) {
      const auto& record = records[i];
      if (record.error) {
        errors.push_back({record.line, "", *record.error});
        continue;
      }
      if (record.fields.size() != columns_.field_of.size()) {
        errors.push_back({record.line, "",
                          fmt::format("The row has {} columns; the header has {}", record.fields.size(), columns_.field_of.size())});
        continue;
      }
      auto checked = schema.validate(contact_of(record, columns_));
      if (!checked.ok()) {
        for (const auto& e : checked.errors) errors.push_back({record.line, e.path, e.message});
        continue;
      }
      valid.push_back({record.line, std::move(checked.value.as_object())});
    }
    const auto& last = records[at + count - 1];
    std::int64_t imported = 0, failed = 0;
    // (The body may run again if the transaction is retried: it changes nothing outside it.)
    co_await tenant_.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
      std::vector<RowError> batch_errors = errors;
      std::vector<ValidRow> rows = co_await without_unknown_companies(s, valid, batch_errors);
      co_await insert_contacts(s, rows);
      co_await insert_errors(s, batch_errors);
      std::set<std::uint64_t> failed_lines;
      for (const auto& e : batch_errors) failed_lines.insert(e.line);
      imported = imported_ + static_cast<std::int64_t>(rows.size());
      failed = failed_ + static_cast<std::int64_t>(failed_lines.size());
      co_await save_checkpoint(s, last.end_offset, last.next_line, imported, failed, std::nullopt);
    });
    imported_ = imported;
    failed_ = failed;
  }

  // A companyId must name a live company of the workspace (one statement for the batch).
  asio::awaitable<std::vector<ValidRow>> without_unknown_companies(common::TenantSession& s,
                                                                   const std::vector<ValidRow>& rows,
                                                                   std::vector<RowError>& errors) {
    std::set<std::string> named;
    for (const auto& row : rows)
      if (const auto* id = row.contact.if_contains("companyId"); id && id->is_string()) named.insert(std::string(id->as_string()));
    std::set<std::string> live;
    if (!named.empty()) {
      auto statement = common::with_id_list(query("existing_companies"), {named.begin(), named.end()}, 2);
      auto found = co_await s.query(statement.first, std::move(statement.second));
      for (std::size_t i = 0; i < found.size(); ++i) live.insert(found[i].text("id"));
    }
    std::vector<ValidRow> kept;
    for (const auto& row : rows) {
      const auto* id = row.contact.if_contains("companyId");
      if (id && id->is_string() && !live.contains(std::string(id->as_string()))) {
        errors.push_back({row.line, "companyId", "No such company in this workspace"});
        continue;
      }
      kept.push_back(row);
    }
    co_return kept;
  }

  // $1 the workspace, $2 the actor (owner, creator), $3 now, then the seven columns of each row:
  // on PostgreSQL one array a column (the statement is the same for every batch: parsed once), on
  // SQLite seven placeholders a row.
  asio::awaitable<void> insert_contacts(common::TenantSession& s, const std::vector<ValidRow>& rows) {
    if (rows.empty()) co_return;
    static constexpr std::string_view kFields[] = {"firstName", "lastName", "email", "phone", "title", "companyId"};
    db::Params params{tenant_.tenant().actor_id, iso8601_now()};
    std::string sql =
        "INSERT INTO contacts (id, workspace_id, first_name, last_name, email, phone, title, company_id, owner_id, "
        "created_at, updated_at, created_by, updated_by) ";
    if (s.unscoped().engine() == db::Engine::Postgres) {
      std::vector<common::PgTextArray> columns(1 + std::size(kFields));
      for (const auto& row : rows) {
        columns[0].push(uuid_v7());
        for (std::size_t f = 0; f < std::size(kFields); ++f) columns[f + 1].push(text_or_null(row.contact, kFields[f]));
      }
      for (const auto& column : columns) params.emplace_back(column.literal());
      sql += "SELECT r.id, $1::text, r.first_name, r.last_name, r.email, r.phone, r.title, r.company_id, $2::text, "
             "$3::timestamptz, $3::timestamptz, $2::text, $2::text "
             "FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) "
             "AS r (id, first_name, last_name, email, phone, title, company_id)";
    } else {
      sql += "VALUES ";
      int n = 4;
      for (std::size_t i = 0; i < rows.size(); ++i, n += 7) {
        if (i) sql += ", ";
        sql += fmt::format("(${}, $1, ${}, ${}, ${}, ${}, ${}, ${}, $2, $3, $3, $2, $2)", n, n + 1, n + 2, n + 3, n + 4,
                           n + 5, n + 6);
        params.emplace_back(uuid_v7());
        for (auto field : kFields) params.emplace_back(text_or_null(rows[i].contact, field));
      }
    }
    co_await s.query(sql, std::move(params));
  }

  asio::awaitable<void> insert_errors(common::TenantSession& s, const std::vector<RowError>& errors) {
    for (std::size_t from = 0; from < errors.size(); from += 1'000) {
      std::string sql = "INSERT INTO import_errors (job_id, workspace_id, line, path, message) VALUES ";
      db::Params params{job_.job().id};
      int n = 3;
      for (std::size_t i = from; i < std::min(errors.size(), from + 1'000); ++i, n += 3) {
        if (i > from) sql += ", ";
        sql += fmt::format("($2, $1, ${}, ${}, ${})", n, n + 1, n + 2);
        params.emplace_back(static_cast<std::int64_t>(errors[i].line));
        params.emplace_back(errors[i].path);
        params.emplace_back(errors[i].message);
      }
      sql += " ON CONFLICT DO NOTHING";  // two messages for one path of one line: the first
      co_await s.query(sql, std::move(params));
    }
  }

  // Every error into the errors file (when there are any), the result saved with the checkpoint
  // and the errors table emptied, in one transaction.
  asio::awaitable<json::value> finish() {
    json::array first_errors;
    std::optional<files::NewFile> errors_file;
    if (failed_ > 0) errors_file = co_await write_errors_file(first_errors);
    json::array unknown;
    for (const auto& name : columns_.unknown) unknown.emplace_back(name);
    json::object result{{"imported", imported_}, {"failed", failed_}, {"errors", std::move(first_errors)},
                        {"unknownColumns", std::move(unknown)}, {"errorsFile", nullptr}};
    co_await tenant_.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
      if (errors_file) {
        auto row = co_await files::record_file(s, *errors_file);
        result["errorsFile"] = files::file_json(row.front());
      }
      db::Params forget{job_.job().id};
      co_await s.query(query("forget_import_errors"), std::move(forget));
      co_await save_checkpoint(s, size_, 0, imported_, failed_, json::serialize(result));
    });
    co_return result;
  }

  asio::awaitable<files::NewFile> write_errors_file(json::array& first_errors) {
    std::string key = files::storage_key_for(tenant_.tenant().workspace_id, "imports", job_.job().id + "-errors.csv");
    std::unique_ptr<storage::ObjectWriter> writer;
    std::function<void()> open = [&] { writer = storage_.storage().create(key, "text/csv; charset=utf-8"); };
    co_await storage_.run(open);
    csv::CsvWriter out;
    out.row({"line", "path", "message"});
    std::int64_t after_line = 0;
    std::string after_path;
    storage::StoredObject stored;
    std::exception_ptr failure;
    try {
      for (;;) {
        db::Result rows;
        co_await tenant_.read([&](common::TenantSession& s) -> asio::awaitable<void> {
          db::Params params{job_.job().id, after_line, after_path, std::int64_t{1'000}};
          rows = co_await s.query(query("import_errors"), std::move(params));
        });
        for (std::size_t i = 0; i < rows.size(); ++i) {
          std::int64_t line = rows[i].integer("line");
          std::string path = rows[i].text("path");
          std::string message = rows[i].text("message");
          if (first_errors.size() < kResultErrors)
            first_errors.push_back(json::object{{"line", line}, {"path", path}, {"message", message}});
          out.field(std::to_string(line));
          out.field(path);
          out.field(message);
          out.end_row();
          after_line = line;
          after_path = std::move(path);
        }
        std::function<void()> write = [&] { writer->write(out.text()); };
        co_await storage_.run(write);
        out.clear();
        if (rows.size() < 1'000) break;
      }
      std::function<void()> finish_file = [&] { stored = writer->finish(); };
      co_await storage_.run(finish_file);
    } catch (...) {
      failure = std::current_exception();
    }
    std::function<void()> drop = [&] { writer.reset(); };
    co_await storage_.run(drop);
    if (failure) std::rethrow_exception(failure);
    auto now = std::chrono::system_clock::now();
    co_return files::NewFile{"", key, "contacts-import-errors.csv", "text/csv; charset=utf-8", files::purpose::ImportErrors,
                             stored, job_.job().id, now + file_ttl_};
  }

  queue::JobContext& job_;
  storage::AsyncStorage& storage_;
  std::chrono::seconds file_ttl_;
  common::TenantDb tenant_;
  std::string key_;
  std::uint64_t size_ = 0;
  ImportColumns columns_;
  std::uint64_t header_end_ = 0;
  std::uint64_t header_next_line_ = 2;
  std::int64_t imported_ = 0;
  std::int64_t failed_ = 0;
};
}  // namespace

void register_contacts_import(ModuleContext& ctx) {
  auto storage = ctx.providers.get<storage::AsyncStorage>();
  auto members = ctx.providers.get<auth::MemberAbilities>();
  auto file_ttl = ctx.config.file_ttl;
  auto& job = ctx.jobs.define("imports.contacts")
                  .queue("imports")
                  .payload(schema::object({{"fileId", schema::string().uuid()}}))
                  .attempts(5)
                  .backoff(queue::Backoff::exponential(std::chrono::seconds(1), std::chrono::minutes(5)))
                  .timeout(std::chrono::minutes(30))
                  .audit("Import", "Contact")
                  .handle([storage, members, file_ttl](queue::JobContext& job) -> asio::awaitable<json::value> {
                    const auto& run = job.job();
                    auto abilities = co_await members->of(run.workspace_id.value_or(""), run.actor_id.value_or(""));
                    if (!abilities || !abilities->can(crest::auth::action::Create, "Contact"))
                      throw queue::PermanentJobError("The member who asked for this import may no longer create contacts");
                    ContactsImport import(job, *storage, file_ttl);
                    co_return co_await import.run();
                  });

  ctx.crons
      .add("imports.forget_checkpoints", "17 4 * * *", {},
           [](queue::JobContext& tick) -> asio::awaitable<json::value> {
             const common::RlsSettings every_workspace{{"crest.file_retention", "on"}};
             std::int64_t removed = 0;
             co_await common::with_rls(tick.database(), every_workspace, true, [&](db::Session& s) -> asio::awaitable<void> {
               std::string before = iso8601(std::chrono::system_clock::now() - kCheckpointsKept);
               db::Params errors{before};
               co_await s.query(query("old_import_errors"), std::move(errors));
               db::Params checkpoints{before};
               removed = (co_await s.query(query("old_import_checkpoints"), std::move(checkpoints))).affected_rows;
             });
             co_return json::object{{"removed", json::object{{"importCheckpoints", removed}}}};
           })
      .attempts(1);

  db::Database& database = ctx.db;
  Scope api(ctx.router, "/api/v1", "Contacts");
  api.post("/imports/contacts").summary("Import contacts from a CSV file (a header row, then one contact per row)")
      .description("The body is the file (Content-Type: text/csv, at most 10 MB). 202 with the job; follow it on "
                   "GET /jobs/:id or /jobs/:id/events. The header names columns firstName, lastName, email, phone, "
                   "title, companyId (any case, spaces ignored); rows that fail validation are reported by line.")
      .can("Create", "Contact").consumes("text/csv").stream_body().body_limit(kUploadLimit)
      .response(202, jobs::accepted_job_view())
      .handle([&database, &job, storage, file_ttl](RequestContext& ctx) -> asio::awaitable<Reply> {
        const auto& caller = auth::caller(ctx);
        files::NewFile file;
        file.id = uuid_v7();
        file.storage_key = files::storage_key_for(caller.workspace_id, "imports", file.id + ".csv");
        file.name = "contacts-import.csv";
        file.content_type = "text/csv";
        file.purpose = files::purpose::Import;
        file.expires_at = std::chrono::system_clock::now() + file_ttl;
        file.stored = co_await files::receive_upload(ctx, *storage, file.storage_key, file.content_type);
        json::value payload = json::object{{"fileId", file.id}};
        std::optional<Reply> accepted;
        std::exception_ptr failure;
        try {
          accepted = co_await jobs::accept(database, ctx, job, payload, [&](common::TenantSession& s) -> asio::awaitable<void> {
            co_await files::record_file(s, file);
          });
        } catch (...) {
          failure = std::current_exception();
        }
        if (failure) {
          co_await files::forget_upload(*storage, file.storage_key);
          std::rethrow_exception(failure);
        }
        co_return std::move(*accepted);
      });
}

}  // namespace crest::modules::contacts
