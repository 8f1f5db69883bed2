// Contact imports over real HTTP, on both engines (and on the S3 test server): the CSV is
// streamed to storage, `crest worker` parses, validates and writes it in batches with progress,
// each bad row is reported by its line (in the result and in an errors CSV), hostile files fail
// the job or name the line without losing a batch, refused uploads leave nothing behind, and a
// retried import resumes after its last committed batch without importing any row twice.
#include <boost/json.hpp>
#include <gtest/gtest.h>

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

// `count` valid rows "Person<i>,Imported,person<i>@example.com" for the header firstName,lastName,email.
std::string people(int from, int count, const std::string& eol = "\r\n") {
  std::string out;
  for (int i = from; i < from + count; ++i)
    out += "Person" + std::to_string(i) + ",Imported,person" + std::to_string(i) + "@example.com" + eol;
  return out;
}

class Imports : public WorkerApiTest {
 protected:
  HttpResult upload(const Account& as, const std::string& body, const std::string& type = "text/csv") const {
    std::vector<std::string> headers{"Authorization: Bearer " + as.access_token};
    if (!type.empty()) headers.push_back("Content-Type: " + type);
    return send({"POST", server->url("/api/v1/imports/contacts"), body, headers});
  }

  // Uploads `csv` and runs the import to its end on a worker; the job's last view.
  json::value import(const Account& as, const std::string& csv) const {
    auto accepted = upload(as, csv);
    EXPECT_EQ(accepted.status, 202) << accepted.body;
    if (accepted.status != 202) return nullptr;
    auto running = worker();
    auto done = wait_for_job(as, text(accepted.json().at("data").at("job").at("id")));
    EXPECT_EQ(running->stop(15), 0);
    return done;
  }

  std::int64_t contacts_of(const Account& as) const {
    auto rows = lines_of(server->sql("SELECT count(*) FROM contacts WHERE workspace_id = '" + as.workspace_id + "'"));
    return rows.empty() ? -1 : std::stoll(rows.front());
  }

  std::size_t stored_objects() const {
    std::size_t objects = 0;
    if (std::filesystem::exists(data_dir_ + "/files"))
      for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir_ + "/files"))
        objects += entry.is_regular_file() ? 1 : 0;
    return objects;
  }

  std::int64_t count(const std::string& table) const { return std::stoll(lines_of(server->sql("SELECT count(*) FROM " + table)).front()); }
};

TEST_P(Imports, ContactsComeInWithProgressAndEveryBadRowIsReportedByItsLine) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account zed = server->register_account("zed@example.com", "Other");
  auto company = server->call(ann, "POST", "/api/v1/companies",
                              json::object{{"name", "Initech"}, {"industry", "Finance"}, {"employeeRange", "11-50"}});
  ASSERT_EQ(company.status, 201) << company.body;
  std::string company_id = text(company.json().at("data").at("id"));
  auto foreign = server->call(zed, "POST", "/api/v1/companies",
                              json::object{{"name", "Elsewhere"}, {"industry", "Retail"}, {"employeeRange", "1-10"}});
  ASSERT_EQ(foreign.status, 201) << foreign.body;
  std::string foreign_id = text(foreign.json().at("data").at("id"));

  std::string csv = "\xEF\xBB\xBF\"First Name\",last_name,EMAIL,Phone,Title,Company Id,Nickname\r\n";  // line 1, a BOM
  csv += "\"Ann \"\"The Ace\"\"\",Lee,ann.lee@example.com,+1 555 0100,\"Head of\r\nSales, EMEA \\ APAC\"," + company_id + ",x\r\n";  // 2-3
  csv += "Bad,Email,not-an-email,,,,\r\n";                  // 4
  csv += "NoLast,,nolast@example.com,,,,\r\n";              // 5
  csv += "Far,Away,far@example.com,,," + foreign_id + ",\r\n";  // 6
  csv += "Too,Few\r\n";                                     // 7
  csv += "Bad\xFF\xFE,Bytes,bytes@example.com,,,,\n";       // 8, invalid UTF-8 (and an LF)
  for (int i = 0; i < 1'300; ++i)                           // 9...1308, LF only
    csv += "Person" + std::to_string(i) + ",Imported,person" + std::to_string(i) + "@example.com,,,,nick\n";

  auto accepted = upload(ann, csv);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  json::value job = accepted.json().at("data").at("job");
  EXPECT_EQ(text(job.at("name")), "imports.contacts");
  EXPECT_EQ(text(job.at("status")), "Queued");
  std::string job_id = text(job.at("id"));

  auto files = server->call(ann, "GET", "/api/v1/files?purpose=Import");
  ASSERT_EQ(files.status, 200) << files.body;
  ASSERT_EQ(files.json().at("data").as_array().size(), 1u) << "the upload is a file of the workspace";
  EXPECT_EQ(files.json().at("data").at(0).at("size").as_int64(), static_cast<std::int64_t>(csv.size()));
  EXPECT_EQ(download(ann, text(files.json().at("data").at(0).at("url"))).body, csv) << "stored byte for byte";
  EXPECT_EQ(server->call(zed, "GET", "/api/v1/files").json().at("data").as_array().size(), 0u);

  auto running = worker();
  json::value done = wait_for_job(ann, job_id);
  ASSERT_EQ(text(done.at("status")), "Completed") << json::serialize(done);
  const auto& result = done.at("result");
  EXPECT_EQ(result.at("imported").as_int64(), 1'301);
  EXPECT_EQ(result.at("failed").as_int64(), 5);
  EXPECT_EQ(json::serialize(result.at("unknownColumns")), R"(["Nickname"])");
  EXPECT_EQ(done.at("progress").at("done").as_int64(), 1'306);
  EXPECT_EQ(done.at("progress").at("total").as_int64(), 1'306);
  std::map<std::int64_t, std::string> paths;
  for (const auto& e : result.at("errors").as_array()) {
    paths[e.at("line").as_int64()] = text(e.at("path"));
    EXPECT_FALSE(text(e.at("message")).empty());
  }
  EXPECT_EQ(paths, (std::map<std::int64_t, std::string>{{4, "email"}, {5, "lastName"}, {6, "companyId"}, {7, ""}, {8, ""}}))
      << json::serialize(result.at("errors"));

  auto errors = download(ann, text(result.at("errorsFile").at("url")));
  ASSERT_EQ(errors.status, 200);
  auto error_lines = lines_of(errors.body);
  ASSERT_EQ(error_lines.size(), 6u) << errors.body;
  EXPECT_EQ(error_lines[0], "line,path,message");
  EXPECT_EQ(error_lines[1].substr(0, 8), "4,email,");

  EXPECT_EQ(contacts_of(ann), 1'301);
  EXPECT_EQ(contacts_of(zed), 0);
  auto ace = server->call(ann, "GET", "/api/v1/contacts?search=ann.lee");
  ASSERT_EQ(ace.json().at("data").as_array().size(), 1u) << ace.body;
  json::value contact = ace.json().at("data").at(0);
  EXPECT_EQ(text(contact.at("firstName")), "Ann \"The Ace\"");
  EXPECT_EQ(text(contact.at("title")), "Head of\r\nSales, EMEA \\ APAC") << "a quoted field keeps its line break";
  EXPECT_EQ(text(contact.at("phone")), "+1 555 0100");
  EXPECT_EQ(running->stop(15), 0);
}

// A frontend follows an import on GET /jobs/:id/events: the stream ends with `done`, whose view
// carries the rows done of rows total and the result; any progress event before it counts up.
TEST_P(Imports, TheEventStreamCarriesTheImportsProgressToItsEnd) {
  Account ann = server->register_account("ann@example.com", "Acme");
  auto accepted = upload(ann, "firstName,lastName,email\n" + people(0, 1'200, "\n"));
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  std::string id = text(accepted.json().at("data").at("job").at("id"));
  HttpResult stream;
  std::thread reader([&] {
    stream = send({"GET", server->url("/api/v1/jobs/" + id + "/events"), "", {"Authorization: Bearer " + ann.access_token}, true});
  });
  auto running = worker();
  reader.join();
  EXPECT_EQ(running->stop(15), 0);

  ASSERT_EQ(stream.status, 200) << stream.body;
  std::vector<json::value> progress;
  json::value final_view;
  for (const auto& line : lines_of(stream.body)) {
    if (!line.starts_with("data: ")) continue;
    json::value data = json::parse(line.substr(6));
    if (auto* p = data.as_object().if_contains("progress"); p && p->is_object()) progress.push_back(*p);
    if (data.as_object().contains("result")) final_view = data;
  }
  ASSERT_TRUE(final_view.is_object()) << "no done event with the job's view: " << stream.body;
  EXPECT_EQ(text(final_view.at("status")), "Completed");
  EXPECT_EQ(final_view.at("result").at("imported").as_int64(), 1'200);
  EXPECT_EQ(final_view.at("progress").at("done").as_int64(), 1'200);
  EXPECT_EQ(final_view.at("progress").at("total").as_int64(), 1'200);
  for (std::size_t i = 1; i < progress.size(); ++i)
    EXPECT_LE(progress[i - 1].at("done").as_int64(), progress[i].at("done").as_int64()) << stream.body;
}

TEST_P(Imports, RefusedUploadsGetA4xxAndLeaveNothingBehind) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account vic = server->invite(ann, "vic@example.com", "Viewer");
  std::string csv = "firstName,lastName\r\nAnn,Lee\r\n";
  EXPECT_EQ(upload(ann, csv, "application/json").status, 415);
  EXPECT_EQ(upload(ann, csv, "").status, 415) << "no content type";
  EXPECT_EQ(upload(ann, csv, "text/csvx").status, 415);
  EXPECT_EQ(upload(ann, "").status, 400) << "an empty file";
  EXPECT_EQ(upload(vic, csv).status, 403) << "Viewers do not create contacts";
  EXPECT_EQ(send({"POST", server->url("/api/v1/imports/contacts"), csv, {"Content-Type: text/csv"}}).status, 401);
  std::string huge(10 * 1024 * 1024 + 1, 'a');
  EXPECT_EQ(upload(ann, huge).status, 413) << "over 10 MB";
  EXPECT_EQ(upload(ann, csv, "text/csv; charset=utf-8").status, 202) << "a charset parameter is fine";
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/me").status, 200) << "the server keeps serving";
  EXPECT_EQ(count("files"), 1);
  EXPECT_EQ(count("jobs WHERE name = 'imports.contacts'"), 1);
  EXPECT_EQ(stored_objects(), 1u) << "a refused upload leaves no object (nor a partial one)";
}

// The upload is stored before the transaction that records it and enqueues the job; when that
// transaction fails (here a trigger the test installs refuses the file row), the object goes too.
TEST_P(Imports, AnUploadWhoseTransactionFailsLeavesNoObjectBehind) {
  Account ann = server->register_account("ann@example.com", "Acme");
  if (GetParam() == "postgres")
    server->sql("CREATE FUNCTION files_tripwire() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'tripwire'; END $$; "
                "CREATE TRIGGER files_tripwire BEFORE INSERT ON files FOR EACH ROW EXECUTE FUNCTION files_tripwire()");
  else
    server->sql("CREATE TRIGGER files_tripwire BEFORE INSERT ON files BEGIN SELECT RAISE(ABORT, 'tripwire'); END");
  std::string csv = "firstName,lastName\r\nAnn,Lee\r\n";
  auto refused = upload(ann, csv);
  EXPECT_EQ(refused.status, 500) << refused.body;
  EXPECT_EQ(count("files"), 0);
  EXPECT_EQ(count("jobs WHERE name = 'imports.contacts'"), 0);
  EXPECT_EQ(stored_objects(), 0u) << "the stored upload was removed with the failed transaction";

  server->sql(GetParam() == "postgres" ? "DROP TRIGGER files_tripwire ON files" : "DROP TRIGGER files_tripwire");
  EXPECT_EQ(upload(ann, csv).status, 202);
  EXPECT_EQ(stored_objects(), 1u);
}

TEST_P(Imports, HostileFilesFailTheJobOrNameTheLineAndLoseNoBatch) {
  Account ann = server->register_account("ann@example.com", "Acme");

  json::value unknown = import(ann, "Name,Surname\r\nAnn,Lee\r\n");
  ASSERT_EQ(text(unknown.at("status")), "Failed") << json::serialize(unknown);
  EXPECT_EQ(unknown.at("attempts").as_int64(), 1) << "no retry can mend a header";
  EXPECT_NE(text(unknown.at("error")).find("firstName"), std::string::npos) << text(unknown.at("error"));

  json::value header_only = import(ann, "firstName,lastName\r\n");
  ASSERT_EQ(text(header_only.at("status")), "Completed") << json::serialize(header_only);
  EXPECT_EQ(header_only.at("result").at("imported").as_int64(), 0);
  EXPECT_EQ(header_only.at("result").at("failed").as_int64(), 0);

  std::string csv = "firstName,lastName,email\r\n";  // 1
  csv += people(1, 1);                               // 2
  csv += "Wide," + std::string(1'000'000, ',') + "\r\n";  // 3: a million columns
  csv += people(2, 1);                               // 4
  csv += "Long,\"" + std::string(5 * 1024 * 1024, 'x') + "\",x@example.com\r\n";  // 5: a 5 MB field
  csv += people(3, 1);                               // 6
  csv += "Open,\"never closed\r\n" + people(4, 2);   // 7: an unterminated quote swallows the rest
  json::value hostile = import(ann, csv);
  ASSERT_EQ(text(hostile.at("status")), "Completed") << json::serialize(hostile).substr(0, 2'000);
  EXPECT_EQ(hostile.at("result").at("imported").as_int64(), 3);
  EXPECT_EQ(hostile.at("result").at("failed").as_int64(), 3);
  std::set<std::int64_t> lines;
  for (const auto& e : hostile.at("result").at("errors").as_array()) lines.insert(e.at("line").as_int64());
  EXPECT_EQ(lines, (std::set<std::int64_t>{3, 5, 7})) << json::serialize(hostile.at("result").at("errors"));
  EXPECT_EQ(contacts_of(ann), 3);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/me").status, 200);
}

// A batch that fails (here a trigger the test installs trips on one row, once) rolls back whole;
// the retry starts after the last committed batch, so every row is in exactly once.
TEST_P(Imports, ARetriedImportResumesAfterItsLastBatchAndImportsNoRowTwice) {
  Account ann = server->register_account("ann@example.com", "Acme");
  if (GetParam() == "postgres") {
    server->sql("CREATE TABLE import_tripwire (armed int); INSERT INTO import_tripwire VALUES (1); "
                "CREATE FUNCTION import_tripwire() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS "
                "$$ BEGIN IF EXISTS (SELECT 1 FROM import_tripwire) THEN RAISE EXCEPTION 'tripwire'; END IF; "
                "RETURN NEW; END $$; "
                "CREATE TRIGGER import_tripwire BEFORE INSERT ON contacts FOR EACH ROW "
                "WHEN (NEW.first_name = 'Boom') EXECUTE FUNCTION import_tripwire()");
  } else {
    server->sql("CREATE TABLE import_tripwire (armed INTEGER); INSERT INTO import_tripwire VALUES (1); "
                "CREATE TRIGGER import_tripwire BEFORE INSERT ON contacts "
                "WHEN NEW.first_name = 'Boom' AND EXISTS (SELECT 1 FROM import_tripwire) "
                "BEGIN SELECT RAISE(ABORT, 'tripwire'); END");
  }
  // Rows 1-1000 are two batches; the third holds the tripwire's row.
  std::string csv = "firstName,lastName,email\r\n" + people(1, 1'233) + "Boom,Row,boom@example.com\r\n" + people(1'234, 466);
  auto accepted = upload(ann, csv);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  std::string job_id = text(accepted.json().at("data").at("job").at("id"));
  auto running = worker();
  json::value tripped = wait_for_job(ann, job_id, [](const json::value& view) { return !view.at("error").is_null(); });
  ASSERT_FALSE(tripped.at("error").is_null()) << json::serialize(tripped);
  EXPECT_NE(text(tripped.at("error")).find("tripwire"), std::string::npos) << text(tripped.at("error"));
  EXPECT_EQ(contacts_of(ann), 1'000) << "the two batches before the failing one stay";
  server->sql("DELETE FROM import_tripwire");

  json::value done = wait_for_job(ann, job_id);
  ASSERT_EQ(text(done.at("status")), "Completed") << json::serialize(done);
  EXPECT_GE(done.at("attempts").as_int64(), 2);
  EXPECT_EQ(done.at("result").at("imported").as_int64(), 1'700);
  EXPECT_EQ(contacts_of(ann), 1'700);
  EXPECT_EQ(lines_of(server->sql("SELECT count(DISTINCT email) FROM contacts")), std::vector<std::string>{"1700"})
      << "no row twice";
  EXPECT_EQ(running->stop(15), 0);
}

// Someone cancels a running import (here a trigger the test installs asks, as DELETE /jobs/:id
// does, in the transaction of the batch holding one row): the worker hears it with the batch's
// progress, the import stops at that batch's end and says how far it got; nothing is retried.
TEST_P(Imports, ACancelledImportStopsAtABatchBoundaryAndSaysHowFarItGot) {
  Account ann = server->register_account("ann@example.com", "Acme");
  if (GetParam() == "postgres") {
    server->sql("CREATE FUNCTION import_cancel() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS "
                "$$ BEGIN UPDATE jobs SET cancel_requested_at = now() WHERE name = 'imports.contacts' AND state = 'Active'; "
                "RETURN NEW; END $$; "
                "CREATE TRIGGER import_cancel BEFORE INSERT ON contacts FOR EACH ROW "
                "WHEN (NEW.first_name = 'Boom') EXECUTE FUNCTION import_cancel()");
  } else {
    server->sql("CREATE TRIGGER import_cancel BEFORE INSERT ON contacts WHEN NEW.first_name = 'Boom' BEGIN "
                "UPDATE jobs SET cancel_requested_at = '2026-01-01T00:00:00.000Z' "
                "WHERE name = 'imports.contacts' AND state = 'Active'; END");
  }
  // The row is in the third batch (lines 1002-1501).
  json::value done = import(ann, "firstName,lastName,email\r\n" + people(1, 1'233) + "Boom,Row,boom@example.com\r\n" +
                                     people(1'234, 766));
  ASSERT_EQ(text(done.at("status")), "Cancelled") << json::serialize(done);
  EXPECT_EQ(text(done.at("error")), "Cancelled after line 1501: 1500 contacts imported, 0 rows failed; "
                                    "the rest of the file was not read");
  EXPECT_EQ(done.at("attempts").as_int64(), 1) << "a cancelled import is not retried";
  EXPECT_FALSE(done.at("cancelRequestedAt").is_null());
  EXPECT_EQ(done.at("progress").at("done").as_int64(), 1'500);
  EXPECT_EQ(done.at("progress").at("total").as_int64(), 2'000);
  EXPECT_EQ(contacts_of(ann), 1'500) << "whole batches, up to where it stopped";
}

// DELETE /jobs/:id on a running job asks it to stop (again: the same answer); here the job's
// worker is gone (a lease the test wrote), so the next worker's reaper cancels it rather than
// running it again.
TEST_P(Imports, CancellingARunningJobIsARequestItsWorkerOrTheReaperHonours) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account oli = server->invite(ann, "oli@example.com", "Operator");
  auto accepted = upload(ann, "firstName,lastName\r\nAnn,Lee\r\n");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  std::string id = text(accepted.json().at("data").at("job").at("id"));
  server->sql("UPDATE jobs SET state = 'Active', attempts = 1, lease_token = 'held-by-a-worker-that-died', "
              "lease_expires_at = '2999-01-01T00:00:00.000Z', started_at = '2026-01-01T00:00:00.000Z' WHERE id = '" + id + "'");
  EXPECT_EQ(server->call(oli, "DELETE", "/api/v1/jobs/" + id).status, 403) << "Admin+";
  auto asked = server->call(ann, "DELETE", "/api/v1/jobs/" + id);
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(text(asked.json().at("data").at("status")), "Active") << "it stops when its worker says so";
  std::string requested_at = text(asked.json().at("data").at("cancelRequestedAt"));
  auto again = server->call(ann, "DELETE", "/api/v1/jobs/" + id);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(text(again.json().at("data").at("cancelRequestedAt")), requested_at) << "the first request's time stays";

  server->sql("UPDATE jobs SET lease_expires_at = '2000-01-01T00:00:00.000Z' WHERE id = '" + id + "'");
  auto running = worker();
  json::value done = wait_for_job(ann, id);
  ASSERT_EQ(text(done.at("status")), "Cancelled") << json::serialize(done);
  EXPECT_NE(text(done.at("error")).find("Cancelled on request"), std::string::npos) << text(done.at("error"));
  EXPECT_EQ(contacts_of(ann), 0) << "not run again";
  EXPECT_EQ(server->call(ann, "DELETE", "/api/v1/jobs/" + id).status, 409) << "a finished job stays finished";
  EXPECT_EQ(running->stop(15), 0);
}

CREST_API_TEST_ENGINES(Imports);

// On the S3 test server: the upload streams to the store and the worker reads it back in ranges.
class S3Imports : public Imports {
 protected:
  void SetUp() override {
    if (!std::getenv("CREST_TEST_S3_URL")) GTEST_SKIP() << "CREST_TEST_S3_URL is not set (./scripts/test sets it)";
    Imports::SetUp();
  }
  std::map<std::string, std::string> storage_environment() const override {
    std::string url = std::getenv("CREST_TEST_S3_URL");
    auto query = url.find('?');
    std::string prefix = "/imports-" + std::to_string(::getpid()) + "-" + GetParam();
    return {{"CREST_STORAGE_URL", url.substr(0, query) + prefix + url.substr(query)},
            {"AWS_ACCESS_KEY_ID", std::getenv("CREST_TEST_S3_ACCESS_KEY")},
            {"AWS_SECRET_ACCESS_KEY", std::getenv("CREST_TEST_S3_SECRET_KEY")}};
  }
};

TEST_P(S3Imports, AnImportOfSeveralMegabytesIsReadBackInRanges) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string csv = "firstName,lastName,email\r\n" + people(1, 40'000) + "Bad,Email,nope\r\n";
  ASSERT_GT(csv.size(), 1'500'000u) << "more than one ranged read";
  json::value done = import(ann, csv);
  ASSERT_EQ(text(done.at("status")), "Completed") << json::serialize(done);
  EXPECT_EQ(done.at("result").at("imported").as_int64(), 40'000);
  EXPECT_EQ(done.at("result").at("errors").at(0).at("line").as_int64(), 40'002);
  EXPECT_EQ(contacts_of(ann), 40'000);
  auto errors = download(ann, text(done.at("result").at("errorsFile").at("url")));
  ASSERT_EQ(errors.status, 302) << "S3 downloads are presigned redirects";
  EXPECT_EQ(lines_of(get(errors.header("location")).body).size(), 2u);
}

CREST_API_TEST_ENGINES(S3Imports);

}  // namespace
}  // namespace crest::testing
