// Company exports and file downloads over real HTTP, on both engines and both storage drivers:
// POST /exports/companies answers 202 with a job, `crest worker` writes the CSV in keyset batches
// (ties on the sort column across batch boundaries included), the job's result links the file,
// GET /files/:id serves it (streamed from local disk, or 302 to a presigned S3 URL that the store
// itself checks), only in its workspace, and the files.expire cron removes it once expired.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "support/worker_api_test.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

std::vector<std::string> csv_lines(const std::string& body) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < body.size();) {
    auto end = body.find("\r\n", at);
    if (end == std::string::npos) {
      out.push_back(body.substr(at));  // a last line without CRLF: the test below fails on it
      break;
    }
    out.push_back(body.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

class Exports : public WorkerApiTest {
 protected:
  // `count` companies of the workspace, all created at the same instant (ties on createdAt across
  // every batch boundary), named "Bulk 00001"...: written by SQL, as a bulk load would.
  void insert_companies(const Account& owner, int count) const {
    std::string n = std::to_string(count);
    if (GetParam() == "postgres") {
      server->sql("INSERT INTO companies (id, workspace_id, name, industry, employee_range, status, created_at, updated_at) "
                  "SELECT '01900000-0000-7000-8000-' || lpad(i::text, 12, '0'), '" + owner.workspace_id +
                  "', 'Bulk ' || lpad(i::text, 5, '0'), 'Retail', '1-10', 'Active', "
                  "'2026-01-01 00:00:00.123456+00', '2026-01-01 00:00:00.123456+00' FROM generate_series(1, " + n + ") i");
    } else {
      server->sql("WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < " + n + ") "
                  "INSERT INTO companies (id, workspace_id, name, industry, employee_range, status, created_at, updated_at) "
                  "SELECT printf('01900000-0000-7000-8000-%012d', i), '" + owner.workspace_id +
                  "', printf('Bulk %05d', i), 'Retail', '1-10', 'Active', '2026-01-01T00:00:00.000Z', "
                  "'2026-01-01T00:00:00.000Z' FROM seq");
    }
  }
};

TEST_P(Exports, CompaniesAreExportedAsCsvInKeysetBatchesAndDownloadedInTheirWorkspaceOnly) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account vic = server->invite(ann, "vic@example.com", "Viewer");
  Account zed = server->register_account("zed@example.com", "Other");
  insert_companies(ann, 2'345);
  auto tricky = server->call(ann, "POST", "/api/v1/companies",
                             json::object{{"name", "=HYPERLINK(\"http://evil\",\"Acme, \"\"Inc\"\"\")"},
                                          {"industry", "Finance"}, {"employeeRange", "11-50"}});
  ASSERT_EQ(tricky.status, 201) << tricky.body;
  std::string tricky_id = text(tricky.json().at("data").at("id"));

  EXPECT_EQ(server->call(vic, "POST", "/api/v1/exports/companies", json::object{}).status, 403) << "Viewers do not export";
  EXPECT_EQ(server->call(ann, "POST", "/api/v1/exports/companies", json::object{{"status", "Bogus"}}).status, 400);
  EXPECT_EQ(server->call(ann, "POST", "/api/v1/exports/companies", json::object{{"sortBy", "domain"}}).status, 400);

  auto accepted = server->call(ann, "POST", "/api/v1/exports/companies", json::object{});
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  json::value job = accepted.json().at("data").at("job");
  EXPECT_EQ(text(job.at("name")), "exports.companies");
  EXPECT_EQ(text(job.at("status")), "Queued");
  std::string job_id = text(job.at("id"));

  auto running = worker();
  json::value done = wait_for_job(ann, job_id);
  ASSERT_EQ(text(done.at("status")), "Completed") << json::serialize(done);
  EXPECT_EQ(done.at("result").at("rows").as_int64(), 2'346);
  EXPECT_EQ(done.at("progress").at("done").as_int64(), 2'346);
  EXPECT_EQ(done.at("progress").at("total").as_int64(), 2'346);
  json::value file = done.at("result").at("file");
  EXPECT_EQ(text(file.at("purpose")), "Export");
  EXPECT_EQ(text(file.at("jobId")), job_id);
  EXPECT_EQ(text(file.at("contentType")), "text/csv; charset=utf-8");
  std::string url = text(file.at("url"));

  auto got = download(ann, url);
  ASSERT_EQ(got.status, 200) << got.body.substr(0, 200);
  EXPECT_EQ(got.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(got.header("content-disposition").find("attachment; filename=\"companies-"), std::string::npos);
  EXPECT_EQ(static_cast<std::int64_t>(got.body.size()), file.at("size").as_int64());
  auto lines = csv_lines(got.body);
  ASSERT_EQ(lines.size(), 2'347u) << "the header and one line per company, each ended by CRLF";
  EXPECT_EQ(lines[0], "id,name,domain,industry,employeeRange,status,ownerId,ownerName,ownerEmail,createdAt,updatedAt");
  std::set<std::string> ids;
  for (std::size_t i = 1; i < lines.size(); ++i) ids.insert(lines[i].substr(0, lines[i].find(',')));
  EXPECT_EQ(ids.size(), 2'346u) << "no company twice, none skipped, across batches of tied createdAt";
  EXPECT_EQ(lines[1].substr(0, 36), tricky_id) << "newest first";
  const std::string neutralised = R"csv("'=HYPERLINK(""http://evil"",""Acme, """"Inc"""""")",)csv";
  EXPECT_EQ(lines[1].substr(37, neutralised.size()), neutralised)
      << "a formula is prefixed with an apostrophe, quoted, its quotes doubled: " << lines[1];

  EXPECT_EQ(download(zed, url).status, 404) << "another workspace's file is absent";
  EXPECT_EQ(download(vic, url).status, 403) << "Viewers do not read files";
  EXPECT_EQ(download(ann, "/api/v1/files/01a233fa-34ba-725d-b8cf-3869697cfeec").status, 404);
  EXPECT_EQ(running->stop(15), 0);
}

TEST_P(Exports, AFilteredSortedExportHasExactlyTheListsRowsInTheListsOrder) {
  Account ann = server->register_account("ann@example.com", "Acme");
  insert_companies(ann, 1'500);
  server->sql("UPDATE companies SET status = 'Churned' WHERE name LIKE 'Bulk %3'");
  auto accepted = server->call(ann, "POST", "/api/v1/exports/companies",
                               json::object{{"status", "Churned"}, {"sortBy", "name"}, {"sortOrder", "asc"}});
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  auto running = worker();
  json::value done = wait_for_job(ann, text(accepted.json().at("data").at("job").at("id")));
  ASSERT_EQ(text(done.at("status")), "Completed") << json::serialize(done);
  auto lines = csv_lines(download(ann, text(done.at("result").at("file").at("url"))).body);
  std::vector<std::string> exported;
  for (std::size_t i = 1; i < lines.size(); ++i) exported.push_back(lines[i].substr(0, lines[i].find(',')));
  auto expected = lines_of(server->sql("SELECT id FROM companies WHERE workspace_id = '" + ann.workspace_id +
                                       "' AND status = 'Churned' ORDER BY name ASC, id ASC"));
  EXPECT_EQ(expected.size(), 150u);
  EXPECT_EQ(exported, expected);
  EXPECT_EQ(running->stop(15), 0);
}

TEST_P(Exports, AnExpiredFileIsRemovedBytesAndRowByTheFilesExpireCron) {
  Account ann = server->register_account("ann@example.com", "Acme");
  auto accepted = server->call(ann, "POST", "/api/v1/exports/companies", json::object{});
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  {
    auto running = worker();
    json::value done = wait_for_job(ann, text(accepted.json().at("data").at("job").at("id")));
    ASSERT_EQ(text(done.at("status")), "Completed") << json::serialize(done);
    EXPECT_EQ(done.at("result").at("rows").as_int64(), 0);
    std::string url = text(done.at("result").at("file").at("url"));
    auto empty = download(ann, url);
    EXPECT_EQ(empty.status, 200);
    EXPECT_EQ(csv_lines(empty.body).size(), 1u) << "an empty export is its header";
    EXPECT_EQ(running->stop(15), 0);
  }
  std::string past = GetParam() == "postgres" ? "now() - interval '1 minute'" : "'2000-01-01T00:00:00.000Z'";
  server->sql("UPDATE files SET expires_at = " + past);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/files/" + lines_of(server->sql("SELECT id FROM files"))[0]).status, 404)
      << "an expired file is not served, even before the cron runs";
  auto sweeper = worker({{"CREST_FILE_RETENTION_SCHEDULE", "* * * * * *"}});
  for (int i = 0; i < 600 && server->sql("SELECT count(*) FROM files") != "0\n" && server->sql("SELECT count(*) FROM files") != "0"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(lines_of(server->sql("SELECT count(*) FROM files")), std::vector<std::string>{"0"});
  EXPECT_EQ(sweeper->stop(15), 0);
  // The workspace's audit log says so: a system action, no actor, the file named.
  auto audit = server->call(ann, "GET", "/api/v1/audit-logs?subject=File&limit=100");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const json::value entries = audit.json().at("data");
  const json::value* expired = nullptr;
  for (const auto& entry : entries.as_array())
    if (entry.at("action") == "Expire") expired = &entry;
  ASSERT_NE(expired, nullptr) << audit.body;
  EXPECT_TRUE(expired->at("actor").is_null()) << json::serialize(*expired);
  EXPECT_EQ(expired->at("status"), "Success");
  EXPECT_NE(text(expired->at("changes").at("name")).find(".csv"), std::string::npos) << json::serialize(*expired);
  if (storage_environment().empty()) {
    std::size_t left = 0;
    if (std::filesystem::exists(data_dir_ + "/files"))
      for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir_ + "/files"))
        left += entry.is_regular_file() ? 1 : 0;
    EXPECT_EQ(left, 0u) << "the bytes went with the row";
  }
}

CREST_API_TEST_ENGINES(Exports);

// The same on an S3-compatible store (the signature-checking test server of ./scripts/test): the
// download is a 302 to a presigned URL, which the store serves without any other credential.
class S3Exports : public Exports {
 protected:
  void SetUp() override {
    if (!std::getenv("CREST_TEST_S3_URL")) GTEST_SKIP() << "CREST_TEST_S3_URL is not set (./scripts/test sets it)";
    Exports::SetUp();
  }
  std::map<std::string, std::string> storage_environment() const override {
    // Each test's objects under a prefix of its own in the shared bucket.
    std::string url = std::getenv("CREST_TEST_S3_URL");
    auto query = url.find('?');
    std::string prefix = "/exports-" + std::to_string(::getpid()) + "-" + GetParam();
    return {{"CREST_STORAGE_URL", url.substr(0, query) + prefix + url.substr(query)},
            {"AWS_ACCESS_KEY_ID", std::getenv("CREST_TEST_S3_ACCESS_KEY")},
            {"AWS_SECRET_ACCESS_KEY", std::getenv("CREST_TEST_S3_SECRET_KEY")}};
  }
};

TEST_P(S3Exports, TheDownloadIsARedirectToAPresignedUrlTheStoreHonours) {
  Account ann = server->register_account("ann@example.com", "Acme");
  insert_companies(ann, 1'200);
  auto accepted = server->call(ann, "POST", "/api/v1/exports/companies", json::object{{"sortOrder", "asc"}});
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  auto running = worker();
  json::value done = wait_for_job(ann, text(accepted.json().at("data").at("job").at("id")));
  ASSERT_EQ(text(done.at("status")), "Completed") << json::serialize(done);
  json::value file = done.at("result").at("file");
  auto moved = download(ann, text(file.at("url")));
  ASSERT_EQ(moved.status, 302) << moved.body;
  std::string location = moved.header("location");
  EXPECT_NE(location.find("X-Amz-Signature="), std::string::npos) << location;
  EXPECT_NE(location.find("X-Amz-Expires=300"), std::string::npos) << location;
  auto bytes = get(location);
  ASSERT_EQ(bytes.status, 200) << bytes.body.substr(0, 300);
  EXPECT_EQ(static_cast<std::int64_t>(bytes.body.size()), file.at("size").as_int64());
  EXPECT_EQ(csv_lines(bytes.body).size(), 1'201u);
  auto tampered = location;
  tampered.replace(tampered.find("X-Amz-Expires=300"), 17, "X-Amz-Expires=301");
  EXPECT_EQ(get(tampered).status, 403) << "the store checks the signature";
  EXPECT_EQ(running->stop(15), 0);
}

CREST_API_TEST_ENGINES(S3Exports);

}  // namespace
}  // namespace crest::testing
