#include "support/api_scenario.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "core/auth/sealed_text.hpp"

namespace crest::testing {
namespace json = boost::json;

namespace {
std::string unique_suffix() {
  static std::atomic<int> counter{0};
  return std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000);
}

std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void must(const std::pair<int, std::string>& result, const std::string& what) {
  if (result.first != 0) throw std::runtime_error(what + " failed: " + result.second);
}

Account account_from(const json::value& data, const std::string& email, const std::string& password) {
  return Account{std::string(data.at("user").at("id").as_string()),
                 std::string(data.at("workspace").at("id").as_string()),
                 email,
                 password,
                 std::string(data.at("tokens").at("accessToken").as_string()),
                 std::string(data.at("tokens").at("refreshToken").as_string())};
}

json::value data_of(const HttpResult& result, long expected_status, const std::string& what) {
  if (result.status != expected_status)
    throw std::runtime_error(what + " answered " + std::to_string(result.status) + ": " + result.body);
  return result.json().at("data");
}
}  // namespace

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

ApiServer::ApiServer(const std::string& engine, std::map<std::string, std::string> extra_env) : engine_(engine) {
  if (engine == "sqlite") {
    directory_ = ::testing::TempDir() + "crest_api_" + unique_suffix();
    std::filesystem::create_directories(directory_);
    url_ = "sqlite:" + directory_ + "/crest.db";
  } else {
    const char* admin = std::getenv("CREST_TEST_DATABASE_URL");
    if (!admin || !*admin) {
      skipped_ = true;
      return;
    }
    admin_url_ = admin;
    database_name_ = "crest_api_" + unique_suffix();
    role_ = "crest_app_" + unique_suffix();
    must(run_command("psql -q " + shell_quoted(admin_url_) + " -c 'CREATE ROLE " + role_ + " LOGIN NOSUPERUSER NOBYPASSRLS'"),
         "CREATE ROLE");
    must(run_command("psql -q " + shell_quoted(admin_url_) + " -c 'CREATE DATABASE " + database_name_ + " OWNER " + role_ + "'"),
         "CREATE DATABASE");
    auto scheme_end = admin_url_.find("://") + 3;
    auto at = admin_url_.find('@', scheme_end);
    auto slash = admin_url_.rfind('/');
    url_ = admin_url_.substr(0, scheme_end) + role_ + admin_url_.substr(at, slash - at + 1) + database_name_;
  }
  start(extra_env);
}

ApiServer::ApiServer(SameDatabase, const ApiServer& first, std::map<std::string, std::string> extra_env)
    : engine_(first.engine_), skipped_(first.skipped_), owns_database_(false), url_(first.url_),
      admin_url_(first.admin_url_), database_name_(first.database_name_), role_(first.role_),
      directory_(first.directory_) {
  if (!skipped_) start(extra_env);
}

std::unique_ptr<ApiServer> ApiServer::another_instance(std::map<std::string, std::string> extra_env) const {
  // Instances of one deployment share their storage, as they would in production.
  if (server_) extra_env.try_emplace("CREST_DATA_DIR", server_->data_dir());
  return std::unique_ptr<ApiServer>(new ApiServer(SameDatabase{}, *this, std::move(extra_env)));
}

std::unique_ptr<ServerProcess> ApiServer::start_worker(std::map<std::string, std::string> extra_env,
                                                      std::vector<std::string> args) const {
  std::string port = std::to_string(free_port());
  // PORT too: ServerProcess detects start-up by connecting to it.
  std::map<std::string, std::string> env{{"DATABASE_URL", url_}, {"JWT_SECRET", std::string(kJwtSecret)},
                                         {"CREST_WORKER_PORT", port}, {"PORT", port}};
  for (auto& [key, value] : extra_env) env[key] = value;
  args.insert(args.begin(), "worker");
  return std::make_unique<ServerProcess>(CREST_BINARY, env, args);
}

void ApiServer::start(const std::map<std::string, std::string>& extra_env) {
  std::map<std::string, std::string> env{{"DATABASE_URL", url_},
                                         {"JWT_SECRET", std::string(kJwtSecret)},
                                         {"CREST_ARGON2_OPS", "1"},
                                         {"CREST_ARGON2_MEMORY_KIB", "8192"},
                                         {"CREST_LOGIN_RATE_LIMIT", "1000"},
                                         {"CREST_THREADS", "2"}};
  for (auto& [key, value] : extra_env) env[key] = value;
  server_ = std::make_unique<ServerProcess>(CREST_BINARY, env, std::vector<std::string>{"serve", "--migrate"});
}

ApiServer::~ApiServer() {
  if (server_) server_->stop();
  server_.reset();
  if (!owns_database_) return;
  if (!directory_.empty()) std::filesystem::remove_all(directory_);
  if (!database_name_.empty()) {
    run_command("psql -q " + shell_quoted(admin_url_) + " -c 'DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)'");
    run_command("psql -q " + shell_quoted(admin_url_) + " -c 'DROP ROLE IF EXISTS " + role_ + "'");
  }
}

HttpResult ApiServer::call(const std::string& method, const std::string& path, const json::value& body,
                           const std::string& token) const {
  HttpRequest request{method, server_->url(path), "", {}};
  if (!body.is_null()) {
    request.body = json::serialize(body);
    request.headers.push_back("Content-Type: application/json");
  }
  if (!token.empty()) request.headers.push_back("Authorization: Bearer " + token);
  HttpResult result = send(request);
  boost::system::error_code ec;
  auto parsed = json::parse(result.body, ec);
  if (!ec) remember_tokens(parsed);
  return result;
}

void ApiServer::remember_tokens(const json::value& value) const {
  if (const auto* object = value.if_object()) {
    for (const auto& [key, child] : *object) {
      if ((key == "accessToken" || key == "refreshToken") && child.is_string()) {
        std::lock_guard lock(tokens_mutex_);
        issued_tokens_.emplace(child.as_string());
      }
      remember_tokens(child);
    }
  } else if (const auto* array = value.if_array()) {
    for (const auto& child : *array) remember_tokens(child);
  }
}

void ApiServer::expect_no_token_in_logs() const {
  auto lines = server_->log_lines();
  std::lock_guard lock(tokens_mutex_);
  for (const auto& token : issued_tokens_)
    for (const auto& line : lines)
      EXPECT_EQ(line.find(token), std::string::npos) << "a token reached the log: " << line;
}

Account ApiServer::register_account(const std::string& email, const std::string& workspace_name,
                                    const std::string& password) {
  json::object body{{"email", email}, {"password", password}, {"name", "User " + email}, {"workspaceName", workspace_name}};
  auto data = data_of(call("POST", "/api/v1/auth/register", body), 201, "register " + email);
  return account_from(data, email, password);
}

Account ApiServer::login(const std::string& email, const std::string& password, const std::string& workspace_id) {
  json::object body{{"email", email}, {"password", password}};
  if (!workspace_id.empty()) body["workspaceId"] = workspace_id;
  auto data = data_of(call("POST", "/api/v1/auth/login", body), 200, "login " + email);
  return account_from(data, email, password);
}

Account ApiServer::invite(const Account& inviter, const std::string& email, const std::string& role,
                          const std::string& password) {
  json::object invitation{{"email", email}, {"role", role}};
  data_of(call(inviter, "POST", "/api/v1/invitations", invitation), 201, "invite " + email);
  json::object accept{{"token", invitation_token(email)}, {"name", "User " + email}, {"password", password}};
  auto data = data_of(call("POST", "/api/v1/invitations/accept", accept), 200, "accept for " + email);
  return account_from(data, email, password);
}

std::string ApiServer::admin_database_url() const {
  return admin_url_.substr(0, admin_url_.rfind('/') + 1) + database_name_;
}

std::string ApiServer::sql(const std::string& statement) const {
  std::string command = engine_ == "sqlite"
                            ? "sqlite3 " + shell_quoted(url_.substr(7)) + " " + shell_quoted(statement)
                            : "psql -qAt " + shell_quoted(admin_database_url()) + " -c " + shell_quoted(statement);
  auto [code, out] = run_command(command);
  if (code != 0) throw std::runtime_error("SQL failed: " + out);
  return out;
}

std::string ApiServer::invitation_token(const std::string& email) const {
  std::string payload = sql("SELECT payload FROM jobs WHERE name = 'mail.send' AND payload <> '{}' ORDER BY created_at DESC, id DESC");
  // The newest mail to this address: payloads are one JSON object per line.
  std::size_t start = 0;
  while (start < payload.size()) {
    std::size_t end = payload.find('\n', start);
    if (end == std::string::npos) end = payload.size();
    auto mail = json::parse(payload.substr(start, end - start)).as_object();
    std::string lower = email;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (mail.at("to").as_string() == lower) {
      // The link waits sealed in the mail job; the test knows the server's secret, as the worker does.
      std::string sealed(mail.at("acceptUrl").as_string());
      auto link = auth::TextSealer(kJwtSecret, "outbox").open(sealed);
      if (!link) throw std::runtime_error("the invitation link in the mail job is not sealed: " + sealed);
      std::string token = link->substr(link->find("#token=") + 7);
      std::lock_guard lock(tokens_mutex_);
      issued_tokens_.insert(token);
      return token;
    }
    start = end + 1;
  }
  throw std::runtime_error("no invitation mail to " + email);
}

}  // namespace crest::testing
