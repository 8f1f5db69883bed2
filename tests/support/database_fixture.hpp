#pragma once
// Runs the same integration test body against a fresh SQLite file and a fresh PostgreSQL
// database (created on the server scripts/test starts; CREST_TEST_DATABASE_URL).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/db/database.hpp"

namespace crest::testing {

enum class TestEngine { Sqlite, Postgres };

std::string engine_name(const ::testing::TestParamInfo<TestEngine>& info);

class DatabaseTest : public ::testing::TestWithParam<TestEngine> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A URL for a database of this test's own (empty on SQLite until SetUp).
  const std::string& url() const { return url_; }
  std::unique_ptr<db::Database> open(db::PoolOptions options = {});
  // PostgreSQL: a URL for a new role that owns this test's database but is no superuser, so
  // row-level security applies to it (as it must to the application's role). SQLite: url().
  std::string app_role_url();
  // Runs SQL as the superuser (PostgreSQL only).
  void admin(const std::string& sql);

  template <class T>
  T run(boost::asio::awaitable<T> work) {
    auto future = boost::asio::co_spawn(io_, std::move(work), boost::asio::use_future);
    io_.restart();
    io_.run();
    return future.get();
  }
  void run(boost::asio::awaitable<void> work) {
    auto future = boost::asio::co_spawn(io_, std::move(work), boost::asio::use_future);
    io_.restart();
    io_.run();
    future.get();
  }

  boost::asio::io_context io_;
  // This test's database, opened in SetUp (declared after io_: closed before the loop goes).
  std::unique_ptr<db::Database> database;

 private:
  std::string url_;
  std::string admin_url_;
  std::string database_name_;
  std::string directory_;
  std::string role_;
};

}  // namespace crest::testing
