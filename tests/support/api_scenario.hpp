#pragma once
// End-to-end scenarios against a real `crest serve` on either engine (PocketBase's ApiScenario):
// a fresh database (on PostgreSQL owned by a non-superuser role, so row-level security applies as
// in production), fast Argon2 parameters, and helpers to register, invite and call as someone.
//
//   ApiServer server("postgres");
//   Account ann = server.register_account("ann@example.com", "Acme");
//   Account bob = server.invite(ann, "bob@example.com", "Viewer");
//   auto page = server.call(bob, "GET", "/api/v1/members");
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace crest::testing {

// A JSON string's text (for comparing with std::string in assertions).
inline std::string text(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string("<not a string>");
}

// The non-empty lines of a body or of `sql()`'s output, each without a trailing CR.
std::vector<std::string> lines_of(const std::string& text);

// The JWT secret every ApiServer runs with (tests sign and unseal with it too).
inline constexpr const char* kJwtSecret = "an end-to-end test secret of 32+ bytes";

struct Account {
  std::string user_id;
  std::string workspace_id;
  std::string email;
  std::string password;
  std::string access_token;
  std::string refresh_token;
};

class ApiServer {
 public:
  // engine: "sqlite" or "postgres" (skips the test when no PostgreSQL is configured).
  explicit ApiServer(const std::string& engine, std::map<std::string, std::string> extra_env = {});
  ~ApiServer();

  // A second `crest serve` on this server's database, as behind a load balancer; the database
  // stays this server's (dropped with it, so destroy the other instance first).
  std::unique_ptr<ApiServer> another_instance(std::map<std::string, std::string> extra_env = {}) const;
  // A `crest worker` on this server's database and secret (its port in port()), started once it
  // answers; extra_env adds to its environment (CREST_SMTP_URL, CREST_DATA_DIR, ...).
  std::unique_ptr<ServerProcess> start_worker(std::map<std::string, std::string> extra_env = {},
                                              std::vector<std::string> args = {}) const;

  bool skipped() const noexcept { return skipped_; }
  ServerProcess& process() { return *server_; }
  const std::string& database_url() const { return url_; }
  std::string url(const std::string& path) const { return server_->url(path); }

  // method, path, optional JSON body, optional bearer token.
  HttpResult call(const std::string& method, const std::string& path, const boost::json::value& body = nullptr,
                  const std::string& token = {}) const;
  HttpResult call(const Account& as, const std::string& method, const std::string& path,
                  const boost::json::value& body = nullptr) const {
    return call(method, path, body, as.access_token);
  }

  Account register_account(const std::string& email, const std::string& workspace_name,
                           const std::string& password = "correct horse");
  // `inviter` invites `email` with `role`; the invitee accepts with the token from the outbox.
  Account invite(const Account& inviter, const std::string& email, const std::string& role,
                 const std::string& password = "correct horse");
  // The token of the newest invitation mail to `email` in the outbox.
  std::string invitation_token(const std::string& email) const;
  // The access and refresh tokens of a sign-in into `workspace_id` (empty: the first).
  Account login(const std::string& email, const std::string& password, const std::string& workspace_id = {});

  // Runs SQL through psql as the superuser (PostgreSQL: RLS does not hide rows from it) or sqlite3,
  // and returns its output, one row per line.
  std::string sql(const std::string& statement) const;

  // Fails the test when any token this server issued (access, refresh, invitation: every one seen
  // in a response or read from the outbox) appears in its log. ApiTest checks it after each test.
  void expect_no_token_in_logs() const;

 private:
  struct SameDatabase {};
  ApiServer(SameDatabase, const ApiServer& first, std::map<std::string, std::string> extra_env);
  void start(const std::map<std::string, std::string>& extra_env);
  std::string admin_database_url() const;
  std::string engine_;
  bool skipped_ = false;
  bool owns_database_ = true;
  std::string url_, admin_url_, database_name_, role_, directory_;
  std::unique_ptr<ServerProcess> server_;
  mutable std::mutex tokens_mutex_;
  mutable std::set<std::string> issued_tokens_;
  void remember_tokens(const boost::json::value& value) const;
};

// A fresh server per test, on the engine of the test's parameter ("sqlite" or "postgres").
class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    server = std::make_unique<ApiServer>(GetParam(), environment());
    if (server->skipped()) GTEST_SKIP() << "CREST_TEST_DATABASE_URL is not set (./scripts/test sets it)";
  }
  void TearDown() override {
    if (server && !server->skipped()) server->expect_no_token_in_logs();
    server.reset();
  }
  virtual std::map<std::string, std::string> environment() const { return {}; }
  std::unique_ptr<ApiServer> server;
};

#define CREST_API_TEST_ENGINES(Suite) \
  INSTANTIATE_TEST_SUITE_P(Engines, Suite, ::testing::Values("sqlite", "postgres"), \
                           [](const auto& info) { return std::string(info.param); })

}  // namespace crest::testing
