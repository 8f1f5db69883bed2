#pragma once
// A CSV export as a job: the rows a module describes are read in keyset batches (each batch on a
// snapshot of its own, no OFFSET scan), written straight to storage as CSV (csv::CsvWriter:
// RFC 4180, formula-looking cells neutralised), with progress {done, total}; the finished file is
// recorded in the workspace and the job's result links it. Memory stays one batch whatever the
// export's size. A retried job writes the same key again and leaves one file.
//
//   files::CsvExport spec{"companies", {"id", "name"}, count, batch, write_row};
//   co_return co_await files::run_csv_export(job, *storage, ttl, spec);
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/tenant_db.hpp"
#include "core/queue/job.hpp"
#include "shared/csv/csv_writer.hpp"
#include "shared/storage/async_storage.hpp"

namespace crest::modules::files {

struct CsvExport {
  std::string name;                 // "companies": the file is companies-<date>.csv
  std::vector<std::string> header;  // the first row
  // How many rows the export will have (for progress; the rows may change meanwhile).
  std::function<boost::asio::awaitable<std::int64_t>(common::TenantSession&)> count;
  // Up to `limit` rows following `after` in the export's order (null: from the start).
  std::function<boost::asio::awaitable<db::Result>(common::TenantSession&, const db::Row* after, std::int64_t limit)> batch;
  std::function<void(const db::Row&, csv::CsvWriter&)> write_row;
  std::int64_t batch_size = 1'000;
};

// Runs in the job's workspace as its actor. Result: {rows, file: FileView}.
boost::asio::awaitable<boost::json::value> run_csv_export(queue::JobContext& job, storage::AsyncStorage& storage,
                                                          std::chrono::seconds file_ttl, const CsvExport& spec);

}  // namespace crest::modules::files
