#include "support/database_fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

namespace crest::testing {

std::string engine_name(const ::testing::TestParamInfo<TestEngine>& info) {
  return info.param == TestEngine::Sqlite ? "Sqlite" : "Postgres";
}

namespace {
std::string unique_suffix() {
  static std::atomic<int> counter{0};
  return std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 100000);
}

// postgres://user@host:port/db -> the same with another database name
std::string with_database(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  return url.substr(0, slash + 1) + name;
}
}  // namespace

void DatabaseTest::SetUp() {
  if (GetParam() == TestEngine::Sqlite) {
    directory_ = ::testing::TempDir() + "crest_db_" + unique_suffix();
    url_ = "sqlite:" + directory_ + "/test.db";
    database = open();
    return;
  }
  const char* admin = std::getenv("CREST_TEST_DATABASE_URL");
  if (!admin || !*admin) GTEST_SKIP() << "CREST_TEST_DATABASE_URL is not set (./scripts/test sets it)";
  admin_url_ = admin;
  database_name_ = "crest_test_" + unique_suffix();
  auto admin_db = db::open_database(admin_url_, {});
  std::string create = "CREATE DATABASE " + database_name_;
  run([&]() -> boost::asio::awaitable<void> {
    db::Params none;
    co_await admin_db->query(create, none);
  }());
  url_ = with_database(admin_url_, database_name_);
  database = open();
}

void DatabaseTest::TearDown() {
  if (database) database->close();
  database.reset();
  if (!directory_.empty()) std::filesystem::remove_all(directory_);
  if (database_name_.empty()) return;
  admin("DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)");
  if (!role_.empty()) admin("DROP ROLE IF EXISTS " + role_);
}

void DatabaseTest::admin(const std::string& sql) {
  auto admin_db = db::open_database(admin_url_, {});
  run([&]() -> boost::asio::awaitable<void> {
    db::Params none;
    co_await admin_db->query(sql, none);
  }());
}

std::string DatabaseTest::app_role_url() {
  if (GetParam() == TestEngine::Sqlite) return url_;
  if (role_.empty()) {  // (one role per test: a second call connects as the same one)
    role_ = "crest_app_" + unique_suffix();
    admin("CREATE ROLE " + role_ + " LOGIN NOSUPERUSER NOBYPASSRLS");
    admin("ALTER DATABASE " + database_name_ + " OWNER TO " + role_);
  }
  // postgres://user@host:port/db -> postgres://role@host:port/db
  auto scheme_end = url_.find("://") + 3;
  auto at = url_.find('@', scheme_end);
  return url_.substr(0, scheme_end) + role_ + url_.substr(at);
}

std::unique_ptr<db::Database> DatabaseTest::open(db::PoolOptions options) {
  return db::open_database(url_, options);
}

}  // namespace crest::testing
