// `crest worker` as a process of its own, over real HTTP and a real SMTP server, on both engines:
// an invitation is mailed by the worker and its link joins; without CREST_SMTP_URL the mail is an
// .eml file; SIGTERM drains and exits 0.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first message in `dir` addressed to `to`, waiting for it (at most 20 s).
std::string wait_for_mail(const fs::path& dir, const std::string& to) {
  for (int i = 0; i < 400; ++i) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() != ".eml") continue;
      std::string text = read_file(entry.path());
      if (text.find("To: " + to + "\r\n") != std::string::npos) return text;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return {};
}

// The token of the accept link in a quoted-printable body.
std::string token_in(std::string mail) {
  for (std::size_t at; (at = mail.find("=\r\n")) != std::string::npos;) mail.erase(at, 3);  // soft breaks
  for (std::size_t at; (at = mail.find("=3D")) != std::string::npos;) mail.replace(at, 3, "=");
  auto start = mail.find("#token=");
  if (start == std::string::npos) return {};
  start += 7;
  auto end = mail.find_first_of("\r\n ", start);
  return mail.substr(start, end - start);
}

class Worker : public ApiTest {};

TEST_P(Worker, AnInvitationIsMailedOverSmtpItsLinkJoinsAndTheJobForgetsIt) {
  const char* smtp = std::getenv("CREST_TEST_SMTP_URL");
  const char* maildir = std::getenv("CREST_TEST_SMTP_MAILDIR");
  if (!smtp || !*smtp || !maildir || !*maildir) GTEST_SKIP() << "CREST_TEST_SMTP_URL is not set (./scripts/test sets it)";
  auto worker = server->start_worker({{"CREST_SMTP_URL", smtp}, {"CREST_MAIL_FROM", "Crest <crest@example.com>"}});
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string bob = "bob-" + std::to_string(::getpid()) + "-" + GetParam() + "@example.com";
  auto invited = server->call(ann, "POST", "/api/v1/invitations", json::object{{"email", bob}, {"role", "Viewer"}});
  ASSERT_EQ(invited.status, 201) << invited.body;

  std::string mail = wait_for_mail(maildir, bob);
  ASSERT_FALSE(mail.empty()) << "no mail to " << bob << " arrived";
  EXPECT_NE(mail.find("Subject: You are invited to Acme on crest\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("From: Crest <crest@example.com>"), std::string::npos) << mail;
  std::string token = token_in(mail);
  ASSERT_FALSE(token.empty()) << mail;
  auto joined = server->call("POST", "/api/v1/invitations/accept",
                             json::object{{"token", token}, {"name", "Bob"}, {"password", "correct horse"}});
  EXPECT_EQ(joined.status, 200) << joined.body;

  // Sent: the job is Completed and its payload, which held the sealed link, is gone.
  std::string job;
  for (int i = 0; i < 100 && job.find("Completed") == std::string::npos; ++i) {
    job = server->sql("SELECT state || '|' || payload FROM jobs WHERE name = 'mail.send'");
    if (job.find("Completed") == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(job, "Completed|{}\n");
  EXPECT_EQ(worker->stop(15), 0);

  // Audited as the job it was (seed 002, "@Audit on jobs"): by the inviter, the job's id as the
  // request id, in the workspace's own audit log.
  std::string job_id = server->sql("SELECT id FROM jobs WHERE name = 'mail.send'");
  job_id.erase(job_id.find_last_not_of('\n') + 1);
  auto audit = server->call(ann, "GET", "/api/v1/audit-logs?action=Send&subject=Mail");
  ASSERT_EQ(audit.status, 200) << audit.body;
  auto entries = json::parse(audit.body).at("data").as_array();
  ASSERT_EQ(entries.size(), 1u) << audit.body;
  const auto& entry = entries.front().as_object();
  EXPECT_EQ(entry.at("actor").at("id"), json::value(ann.user_id));
  EXPECT_EQ(entry.at("requestId"), json::value(job_id));
  EXPECT_EQ(entry.at("status"), json::value("Success"));
  EXPECT_EQ(entry.at("changes").at("queue"), json::value("mail"));
}

TEST_P(Worker, WithoutSmtpEachMailIsAnEmlFileTheNewcomerCanOpen) {
  std::string data_dir = ::testing::TempDir() + "crest_worker_mail_" + std::to_string(::getpid()) + GetParam();
  fs::remove_all(data_dir);
  auto worker = server->start_worker({{"CREST_DATA_DIR", data_dir}});
  Account ann = server->register_account("ann@example.com", "Acme");
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/invitations", json::object{{"email", "cy@example.com"}, {"role", "Viewer"}}).status,
            201);
  std::string mail = wait_for_mail(fs::path(data_dir) / "mail", "cy@example.com");
  ASSERT_FALSE(mail.empty()) << "no .eml under " << data_dir << "/mail";
  EXPECT_FALSE(token_in(mail).empty());
  EXPECT_TRUE(worker->wait_for_log("mail written to a file", 5'000));

  // /metrics tells it: the jobs gauge (refreshed every few seconds), the attempt's duration and
  // lag, its outcome; and promtool reads it all.
  std::string metrics;
  for (int i = 0; i < 300 && metrics.find("crest_jobs{queue=\"mail\",state=\"Completed\"} 1\n") == std::string::npos; ++i) {
    HttpRequest scrape{"GET", worker->url("/metrics"), "", {}};
    metrics = send(scrape).body;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (const char* line : {"crest_jobs{queue=\"mail\",state=\"Completed\"} 1\n", "crest_jobs{queue=\"mail\",state=\"Queued\"} 0\n",
                           "crest_job_duration_seconds_count{queue=\"mail\",job=\"mail.send\"} 1\n",
                           "crest_job_lag_seconds_count{queue=\"mail\",job=\"mail.send\"} 1\n",
                           "crest_job_attempts_total{queue=\"mail\",job=\"mail.send\",outcome=\"completed\"} 1\n"})
    EXPECT_NE(metrics.find(line), std::string::npos) << line << metrics;
  std::string path = data_dir + "-metrics.txt";
  std::ofstream(path) << metrics;
  auto [code, output] = run_command("promtool check metrics < " + path);
  EXPECT_EQ(code, 0) << output;
  fs::remove(path);
  EXPECT_EQ(worker->stop(15), 0);
  fs::remove_all(data_dir);
}

TEST_P(Worker, ItAnswersHealthAndMetricsOnItsOwnPortAndNotTheApi) {
  auto worker = server->start_worker();
  HttpRequest live{"GET", worker->url("/health/live"), "", {}};
  EXPECT_EQ(send(live).status, 200);
  HttpRequest metrics{"GET", worker->url("/metrics"), "", {}};
  auto scraped = send(metrics);
  EXPECT_EQ(scraped.status, 200);
  EXPECT_NE(scraped.body.find("# TYPE crest_job_attempts_total counter"), std::string::npos) << scraped.body;
  HttpRequest api{"GET", worker->url("/api/v1/companies"), "", {}};
  EXPECT_EQ(send(api).status, 404);
  EXPECT_EQ(worker->stop(15), 0);
  EXPECT_TRUE(worker->wait_for_log("worker stopped", 1'000));
}

// At least once, exactly one outcome: a worker killed (SIGKILL) in the middle of a job leaves it
// Active with a lease nobody renews; another worker runs it again once the lease runs out, and
// the mail goes out once.
TEST_P(Worker, AJobOfAKilledWorkerRunsAgainElsewhereAndCompletesOnce) {
  const char* smtp = std::getenv("CREST_TEST_SMTP_URL");
  const char* maildir = std::getenv("CREST_TEST_SMTP_MAILDIR");
  if (!smtp || !*smtp || !maildir || !*maildir) GTEST_SKIP() << "CREST_TEST_SMTP_URL is not set (./scripts/test sets it)";
  // An SMTP server that accepts the connection and never says a word: the first worker hangs in
  // the job until it is killed.
  int silent = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(silent, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(silent, 16), 0);
  socklen_t length = sizeof address;
  ::getsockname(silent, reinterpret_cast<sockaddr*>(&address), &length);
  std::string silent_url = "smtp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  auto doomed = server->start_worker(
      {{"CREST_SMTP_URL", silent_url}, {"CREST_SMTP_TIMEOUT", "120s"}, {"CREST_JOB_LEASE", "1s"}});
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string dee = "dee-" + std::to_string(::getpid()) + "-" + GetParam() + "@example.com";
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/invitations", json::object{{"email", dee}, {"role", "Viewer"}}).status, 201);
  std::string state;
  for (int i = 0; i < 200 && state != "Active|1\n"; ++i) {
    state = server->sql("SELECT state || '|' || attempts FROM jobs WHERE name = 'mail.send'");
    if (state != "Active|1\n") std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_EQ(state, "Active|1\n") << "the first worker never started the job";
  doomed->signal(9);
  doomed->wait_exit(5'000);

  auto survivor = server->start_worker({{"CREST_SMTP_URL", smtp}, {"CREST_JOB_LEASE", "1s"}});
  std::string mail = wait_for_mail(maildir, dee);
  ASSERT_FALSE(mail.empty()) << "the job did not run again";
  for (int i = 0; i < 100 && state.find("Completed") == std::string::npos; ++i) {
    state = server->sql("SELECT state || '|' || attempts FROM jobs WHERE name = 'mail.send'");
    if (state.find("Completed") == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(state, "Completed|2\n") << "run twice (once cut off), completed once";
  int copies = 0;
  for (const auto& entry : fs::directory_iterator(maildir))
    if (entry.path().extension() == ".eml" && read_file(entry.path()).find("To: " + dee + "\r\n") != std::string::npos)
      ++copies;
  EXPECT_EQ(copies, 1);
  EXPECT_EQ(survivor->stop(15), 0);
  ::close(silent);
}

// Two worker processes share the mail queue's rate limit (CREST_QUEUE_RATE_LIMITS): eight jobs
// at two a second start in four seconds at least, never three in one second, whichever worker
// takes them. (The jobs carry no payload, so each fails at once: a start is what is limited.)
TEST_P(Worker, TwoWorkerProcessesShareAQueuesRateLimit) {
  std::string inserts;
  for (int i = 0; i < 8; ++i)
    inserts += "INSERT INTO jobs (id, queue, name, payload, state, priority, run_at, attempts, max_attempts, backoff, "
               "timeout_ms, created_at, updated_at) VALUES ('rate-" + std::to_string(i) +
               "', 'mail', 'mail.send', '{}', 'Queued', 0, '2020-01-01T00:00:00.000Z', 0, 1, '{}', 30000, "
               "'2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z');";
  server->sql(inserts);
  std::map<std::string, std::string> limited{{"CREST_QUEUE_RATE_LIMITS", "mail=2/1s"}};
  auto first = server->start_worker(limited);
  auto second = server->start_worker(limited);
  const std::string failed = "SELECT count(*) FROM jobs WHERE id LIKE 'rate-%' AND state = 'Failed'";
  for (int i = 0; i < 400 && std::stoi("0" + server->sql(failed)) < 8; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  // (On a failure, the worker's own output says why: a sanitizer report, a fatal line.)
  auto output_of = [](const ServerProcess& worker) {
    std::string out;
    for (const auto& line : worker.log_lines()) out += line + "\n";
    return out;
  };
  EXPECT_EQ(first->stop(15), 0) << output_of(*first);
  EXPECT_EQ(second->stop(15), 0) << output_of(*second);
  std::string seconds_sql = GetParam() == "postgres"
                                ? "SELECT floor(extract(epoch FROM started_at))::bigint FROM jobs WHERE id LIKE 'rate-%'"
                                : "SELECT CAST(strftime('%s', started_at) AS INTEGER) FROM jobs WHERE id LIKE 'rate-%'";
  std::map<std::string, int> starts_by_second;
  std::istringstream rows(server->sql(seconds_sql));
  int starts = 0;
  for (std::string second_text; std::getline(rows, second_text);)
    if (!second_text.empty()) {
      ++starts_by_second[second_text];
      ++starts;
    }
  EXPECT_EQ(starts, 8);
  for (const auto& [at, count] : starts_by_second) EXPECT_LE(count, 2) << "second " << at;
  EXPECT_GE(starts_by_second.size(), 4u);
}

CREST_API_TEST_ENGINES(Worker);

}  // namespace
}  // namespace crest::testing
