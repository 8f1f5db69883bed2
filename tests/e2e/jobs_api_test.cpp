// /jobs over real HTTP on both engines: the workspace's jobs with their state, who may read them,
// cancelling one that has not started, retrying it, and the audit entries both leave.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <vector>

#include <unistd.h>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class JobsApi : public ApiTest {};

TEST_P(JobsApi, AnInvitationsMailJobIsListedCancelledAndRetried) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account olga = server->invite(ann, "olga@example.com", "Operator");
  Account vic = server->invite(ann, "vic@example.com", "Viewer");
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/invitations", json::object{{"email", "new@example.com"}, {"role", "Viewer"}}).status,
            201);

  auto page = server->call(ann, "GET", "/api/v1/jobs?name=mail.send&state=Queued&limit=100");
  ASSERT_EQ(page.status, 200) << page.body;
  json::value body = page.json();
  ASSERT_EQ(body.at("meta").at("total").as_int64(), 3) << "one mail per invitation, none sent (no worker runs)";
  json::object newest = body.at("data").as_array().front().as_object();
  EXPECT_EQ(text(newest.at("queue")), "mail");
  EXPECT_EQ(text(newest.at("status")), "Queued");
  EXPECT_EQ(newest.at("attempts").as_int64(), 0);
  EXPECT_EQ(newest.at("maxAttempts").as_int64(), 8);
  EXPECT_TRUE(newest.at("finishedAt").is_null());
  std::string id = text(newest.at("id"));

  EXPECT_EQ(server->call(olga, "GET", "/api/v1/jobs/" + id).status, 200) << "Operators read jobs";
  EXPECT_EQ(server->call(vic, "GET", "/api/v1/jobs").status, 403) << "Viewers do not";
  EXPECT_EQ(server->call(olga, "DELETE", "/api/v1/jobs/" + id).status, 403) << "cancelling is Admin+";
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/jobs/01a233fa-34ba-725d-b8cf-3869697cfeec").status, 404);
  EXPECT_EQ(server->call(ann, "POST", "/api/v1/jobs/" + id + "/retry").status, 409) << "a queued job is not retried";

  auto cancelled = server->call(ann, "DELETE", "/api/v1/jobs/" + id);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(text(cancelled.json().at("data").at("status")), "Cancelled");
  EXPECT_FALSE(cancelled.json().at("data").at("finishedAt").is_null());
  EXPECT_EQ(server->call(ann, "DELETE", "/api/v1/jobs/" + id).status, 409) << "only a job not started is cancelled";

  auto retried = server->call(ann, "POST", "/api/v1/jobs/" + id + "/retry");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(text(retried.json().at("data").at("status")), "Queued");
  EXPECT_TRUE(retried.json().at("data").at("finishedAt").is_null());

  // Audited: the two changes as Success entries, the three refused attempts as Failure entries.
  auto audit = server->call(ann, "GET", "/api/v1/audit-logs?subject=Job&limit=100");
  ASSERT_EQ(audit.status, 200) << audit.body;
  json::value log = audit.json();
  std::vector<json::object> succeeded;
  int failed = 0;
  for (const auto& entry : log.at("data").as_array()) {
    EXPECT_EQ(text(entry.at("subjectId")), id);
    if (text(entry.at("status")) == "Success") succeeded.push_back(entry.as_object());
    else ++failed;
  }
  ASSERT_EQ(succeeded.size(), 2u) << audit.body;
  EXPECT_EQ(text(succeeded[0].at("action")), "Retry");  // newest first
  EXPECT_EQ(text(succeeded[0].at("changes").at("status").at("after")), "Queued");
  EXPECT_EQ(text(succeeded[1].at("action")), "Cancel");
  EXPECT_EQ(text(succeeded[1].at("changes").at("status").at("after")), "Cancelled");
  EXPECT_EQ(failed, 3);
}

TEST_P(JobsApi, FiltersAreExactAndBadOnesAre400) {
  Account ann = server->register_account("ann@example.com", "Acme");
  server->invite(ann, "bob@example.com", "Viewer");
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/jobs?state=queued").status, 400) << "Title Case is the contract";
  auto other = server->call(ann, "GET", "/api/v1/jobs?queue=nothing-here");
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.json().at("meta").at("total").as_int64(), 0);
}

// A frontend draws a progress bar without polling: GET /jobs/:id/events streams the job's status
// as Server-Sent Events until it is done, while a worker sends the mail.
TEST_P(JobsApi, EventsStreamTheJobsStatusUntilItIsDone) {
  Account ann = server->register_account("ann@example.com", "Acme");
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/invitations", json::object{{"email", "new@example.com"}, {"role", "Viewer"}}).status,
            201);
  auto page = server->call(ann, "GET", "/api/v1/jobs?name=mail.send");
  ASSERT_EQ(page.status, 200) << page.body;
  std::string id = text(page.json().at("data").as_array().front().at("id"));
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/jobs/01a233fa-34ba-725d-b8cf-3869697cfeec/events").status, 404);

  HttpResult stream;
  std::thread reader([&] {
    stream = send({"GET", server->url("/api/v1/jobs/" + id + "/events"), "", {"Authorization: Bearer " + ann.access_token}, true});
  });
  std::string data_dir = ::testing::TempDir() + "crest_events_mail_" + std::to_string(::getpid()) + GetParam();
  auto worker = server->start_worker({{"CREST_DATA_DIR", data_dir}});
  reader.join();
  EXPECT_EQ(worker->stop(15), 0);
  std::filesystem::remove_all(data_dir);

  EXPECT_EQ(stream.status, 200);
  EXPECT_EQ(stream.headers["content-type"], "text/event-stream; charset=utf-8");
  EXPECT_EQ(stream.headers["cache-control"], "no-cache");
  const std::string& body = stream.body;
  auto first = body.find("event: status\ndata: ");
  auto done = body.find("event: done\ndata: ");
  ASSERT_NE(first, std::string::npos) << body;
  ASSERT_NE(done, std::string::npos) << body;
  EXPECT_LT(first, done);
  EXPECT_EQ(body.substr(body.size() - 2), "\n\n") << "the stream ends after done";
  auto line_end = body.find('\n', done + 18);
  json::value final_view = json::parse(body.substr(done + 18, line_end - done - 18));
  EXPECT_EQ(text(final_view.at("id")), id);
  EXPECT_EQ(text(final_view.at("status")), "Completed");
  EXPECT_EQ(final_view.at("attempts").as_int64(), 1);
}

CREST_API_TEST_ENGINES(JobsApi);

}  // namespace
}  // namespace crest::testing
