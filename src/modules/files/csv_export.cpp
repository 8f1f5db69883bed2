#include "modules/files/csv_export.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "core/util/time.hpp"
#include "modules/files/file_records.hpp"

namespace crest::modules::files {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
constexpr std::chrono::milliseconds kProgressEvery{250};

common::Tenant tenant_of_job(const queue::ClaimedJob& job) {
  if (!job.workspace_id || !job.actor_id) throw queue::PermanentJobError("An export runs for a member of a workspace");
  return {*job.workspace_id, *job.actor_id};
}

// Writes the header and every row; how many rows.
asio::awaitable<std::int64_t> write_rows(queue::JobContext& job, common::TenantDb& tenant, storage::AsyncStorage& storage,
                                         storage::ObjectWriter& writer, std::int64_t total, const CsvExport& spec) {
  csv::CsvWriter out;
  for (const auto& column : spec.header) out.field(column);
  out.end_row();
  std::int64_t done = 0;
  db::Result previous;
  auto last_progress = std::chrono::steady_clock::now();
  json::value progress = json::object{{"done", 0}, {"total", total}};
  co_await job.progress(progress);
  for (;;) {
    if (job.cancelled())
      throw std::runtime_error("The export was stopped (timeout or shutdown) after " + std::to_string(done) + " rows");
    db::Result rows;
    std::optional<db::Row> last;  // refers into `previous`, which lives until the next batch is read
    if (!previous.empty()) last.emplace(previous, previous.size() - 1);
    const db::Row* after = last ? &*last : nullptr;
    co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
      rows = co_await spec.batch(s, after, spec.batch_size);
    });
    for (std::size_t i = 0; i < rows.size(); ++i) spec.write_row(rows[i], out);
    done += static_cast<std::int64_t>(rows.size());
    std::function<void()> write = [&] { writer.write(out.text()); };
    co_await storage.run(write);
    out.clear();
    if (static_cast<std::int64_t>(rows.size()) < spec.batch_size) break;
    previous = std::move(rows);
    if (std::chrono::steady_clock::now() - last_progress >= kProgressEvery) {
      progress = json::object{{"done", done}, {"total", std::max(total, done)}};
      co_await job.progress(progress);
      last_progress = std::chrono::steady_clock::now();
    }
  }
  co_return done;
}
}  // namespace

asio::awaitable<json::value> run_csv_export(queue::JobContext& job, storage::AsyncStorage& storage,
                                            std::chrono::seconds file_ttl, const CsvExport& spec) {
  common::TenantDb tenant(job.database(), tenant_of_job(job.job()));
  std::int64_t total = 0;
  co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> { total = co_await spec.count(s); });

  std::string key = storage_key_for(tenant.tenant().workspace_id, "exports", job.job().id + ".csv");
  std::unique_ptr<storage::ObjectWriter> writer;
  std::function<void()> open = [&] { writer = storage.storage().create(key, "text/csv; charset=utf-8"); };
  co_await storage.run(open);

  storage::StoredObject stored;
  std::int64_t done = 0;
  std::exception_ptr failure;
  try {
    done = co_await write_rows(job, tenant, storage, *writer, total, spec);
    std::function<void()> finish = [&] { stored = writer->finish(); };
    co_await storage.run(finish);
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    // Dropping an unfinished writer aborts its upload: a call to the store, so off the loop too.
    std::function<void()> drop = [&] { writer.reset(); };
    co_await storage.run(drop);
    std::rethrow_exception(failure);
  }
  json::value progress = json::object{{"done", done}, {"total", done}};
  co_await job.progress(progress);

  auto now = std::chrono::system_clock::now();
  NewFile file{"", key, spec.name + "-" + iso8601(now).substr(0, 10) + ".csv", "text/csv; charset=utf-8", purpose::Export,
               stored, job.job().id, now + file_ttl};
  db::Result row;
  co_await tenant.transaction([&](common::TenantSession& s) -> asio::awaitable<void> { row = co_await record_file(s, file); });
  co_return json::object{{"rows", done}, {"file", file_json(row.front())}};
}

}  // namespace crest::modules::files
