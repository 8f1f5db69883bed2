// A PostgreSQL restart under a running crest: readiness goes 503 while the server is down and
// back to 200 by itself, with no restart of crest. Uses a PostgreSQL instance of its own.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace crest::testing {
namespace {

class OwnPostgres {
 public:
  OwnPostgres() {
    dir_ = std::filesystem::temp_directory_path().string() + "/crest_pg_restart_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    port_ = free_port();
    as_postgres_ = getuid() == 0 ? "runuser -u postgres -- " : "";
    if (getuid() == 0) run_command("chown postgres " + dir_);
    auto [code, out] = run_command(as_postgres_ + kBin + "initdb -D " + dir_ + "/data -A trust -U postgres");
    if (code != 0) throw std::runtime_error("initdb failed: " + out);
    start();
  }
  ~OwnPostgres() {
    stop();
    std::filesystem::remove_all(dir_);
  }
  void start() {
    auto [code, out] = run_command(as_postgres_ + kBin + "pg_ctl -D " + dir_ + "/data -l " + dir_ + "/log -w -o \"-p " +
                                   std::to_string(port_) + " -k " + dir_ + " -c listen_addresses=127.0.0.1\" start");
    if (code != 0) throw std::runtime_error("pg_ctl start failed: " + out);
  }
  void stop() { run_command(as_postgres_ + kBin + "pg_ctl -D " + dir_ + "/data -m fast -w stop"); }
  std::string url() const { return "postgres://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres"; }

 private:
  static constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";
  std::string dir_, as_postgres_;
  int port_ = 0;
};

long ready_status(const ServerProcess& server) { return get(server.url("/health/ready")).status; }

bool eventually_ready(const ServerProcess& server, long status, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready_status(server) == status) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST(PostgresRestart, ReadinessGoes503ThenRecoversWithoutRestartingCrest) {
  OwnPostgres postgres;
  ServerProcess server(CREST_BINARY, {{"DATABASE_URL", postgres.url()}, {"CREST_DB_CONNECT_TIMEOUT", "1s"}},
                       {"serve", "--migrate"});
  ASSERT_EQ(ready_status(server), 200);

  postgres.stop();
  EXPECT_TRUE(eventually_ready(server, 503, std::chrono::seconds(15)));
  auto down = get(server.url("/health/ready"));
  EXPECT_NE(down.body.find("database"), std::string::npos) << down.body;

  postgres.start();
  EXPECT_TRUE(eventually_ready(server, 200, std::chrono::seconds(30)));
  EXPECT_EQ(get(server.url("/api/v1/version")).status, 200);
  int code = server.stop();
  std::string output;
  for (const auto& line : server.log_lines()) output += line + "\n";
  EXPECT_EQ(code, 0) << output;
}

}  // namespace
}  // namespace crest::testing
