// Connection timeouts, graceful shutdown, configuration errors and the CLI, each against its own
// freshly started process.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

#include <sstream>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace crest::testing {
namespace {

// True once the kernel holds no unread byte on any of the server's `connections` established
// connections at `port` (ss's Recv-Q): what was sent to it is then in the server's hands.
bool server_has_read_everything(int port, std::size_t connections, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    auto [code, out] = run_command("ss -Htn state established '( sport = :" + std::to_string(port) + " )'");
    std::istringstream lines(out);
    std::size_t seen = 0;
    bool unread = false;
    for (std::string line; std::getline(lines, line);) {
      long receive_queue = -1;
      std::istringstream(line) >> receive_queue;
      if (receive_queue < 0) continue;
      ++seen;
      unread = unread || receive_queue > 0;
    }
    if (code == 0 && seen >= connections && !unread) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(Lifecycle, ClientSendingHeadersTooSlowlyIsDisconnected) {
  ServerProcess server(CREST_FIXTURE_SERVER, {{"CREST_REQUEST_TIMEOUT", "500ms"}});
  RawConnection c(server.port());
  ASSERT_TRUE(c.send("GET /health/live HTTP/1.1\r\nHost: x\r\n"));  // never finishes the head
  EXPECT_TRUE(c.closed_by_peer(10'000));
}

TEST(Lifecycle, ClientStallingMidBodyIsDisconnected) {
  ServerProcess server(CREST_FIXTURE_SERVER, {{"CREST_REQUEST_TIMEOUT", "500ms"}});
  RawConnection c(server.port());
  ASSERT_TRUE(c.send("POST /__test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: 100\r\n\r\n{\"email\":"));
  EXPECT_TRUE(c.closed_by_peer(10'000));
  EXPECT_EQ(get(server.url("/health/live")).status, 200);
}

TEST(Lifecycle, IdleKeepAliveConnectionIsClosed) {
  ServerProcess server(CREST_FIXTURE_SERVER, {{"CREST_IDLE_TIMEOUT", "500ms"}});
  RawConnection c(server.port());
  ASSERT_TRUE(c.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_NE(c.receive(5000, "}").find("200 OK"), std::string::npos);
  EXPECT_TRUE(c.closed_by_peer(10'000));
}

TEST(Lifecycle, SigtermFinishesInFlightRequestsAnswers503WhileDrainingAndExitsZero) {
  ServerProcess server(CREST_FIXTURE_SERVER, {{"CREST_SHUTDOWN_TIMEOUT", "20s"}});
  RawConnection idle(server.port());
  ASSERT_TRUE(idle.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_NE(idle.receive(5000, "}").find("200 OK"), std::string::npos);

  RawConnection slow(server.port());
  ASSERT_TRUE(slow.send("GET /__test/sleep?ms=3000 HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(server_has_read_everything(server.port(), 2, 10'000)) << "the slow request was never read";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the slow request's handler start

  server.signal(SIGTERM);
  ASSERT_TRUE(server.wait_for_log("draining", 5000));
  ASSERT_TRUE(idle.send("GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string ready = idle.receive(5000, "}");
  EXPECT_NE(ready.find("503 Service Unavailable"), std::string::npos) << ready;
  EXPECT_NE(ready.find("Connection: close"), std::string::npos) << ready;

  std::string finished = slow.receive(10'000, "}");
  EXPECT_NE(finished.find("200 OK"), std::string::npos) << finished;
  EXPECT_NE(finished.find("\"slept\":3000"), std::string::npos) << finished;
  EXPECT_EQ(server.wait_exit(10'000), 0);
}

TEST(Lifecycle, ShutdownTimeoutBoundsTheDrain) {
  ServerProcess server(CREST_FIXTURE_SERVER, {{"CREST_SHUTDOWN_TIMEOUT", "300ms"}});
  RawConnection slow(server.port());
  ASSERT_TRUE(slow.send("GET /__test/sleep?ms=60000 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(20'000), 0);
  EXPECT_TRUE(server.wait_for_log("shutdown timeout reached", 1000));
}

TEST(Lifecycle, IdleServerExitsZeroOnSigint) {
  ServerProcess server(CREST_BINARY);
  EXPECT_EQ(server.stop(SIGINT), 0);
}

TEST(Lifecycle, ThreadPoolSizeComesFromCrestThreads) {
  ServerProcess server(CREST_BINARY, {{"CREST_THREADS", "3"}});
  EXPECT_TRUE(server.wait_for_log("\"threads\":3", 1000));
}

TEST(Cli, BadConfigurationStopsStartupWithOneLineNamingTheVariable) {
  auto [code, output] = run_command("PORT=abc " CREST_BINARY " serve");
  EXPECT_EQ(code, 2);
  EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
  EXPECT_NE(output.find("PORT must be an integer"), std::string::npos) << output;
  auto [level_code, level_output] = run_command("LOG_LEVEL=loud " CREST_BINARY " serve");
  EXPECT_EQ(level_code, 2);
  EXPECT_NE(level_output.find("LOG_LEVEL"), std::string::npos);
}

TEST(Cli, DotenvFileIsReadAndEnvironmentWins) {
  std::string dir = ::testing::TempDir() + "crest_dotenv";
  run_command("mkdir -p " + dir + " && printf 'PORT=notaport\\n' > " + dir + "/.env");
  auto [code, output] = run_command("cd " + dir + " && " CREST_BINARY " serve");
  EXPECT_EQ(code, 2);
  EXPECT_NE(output.find("PORT"), std::string::npos);
  auto [help_code, help] = run_command("cd " + dir + " && PORT=0 " CREST_BINARY " openapi");
  EXPECT_EQ(help_code, 0) << help;
}

TEST(Cli, HelpListsEveryVariableWithItsDefault) {
  for (const char* command : {" --help", " serve --help"}) {
    auto [code, output] = run_command(std::string(CREST_BINARY) + command);
    EXPECT_EQ(code, 0);
    for (const char* name : {"PORT", "HOST", "DATABASE_URL", "REDIS_URL", "JWT_SECRET", "LOG_LEVEL",
                             "CORS_ORIGINS", "CREST_ENV", "CREST_THREADS", "CREST_SHUTDOWN_TIMEOUT",
                             "CREST_REQUEST_TIMEOUT", "CREST_IDLE_TIMEOUT", "CREST_BODY_LIMIT"})
      EXPECT_NE(output.find(name), std::string::npos) << command << " misses " << name;
    EXPECT_NE(output.find("default: 3000"), std::string::npos);
  }
}

TEST(Cli, OpenapiCommandPrintsTheDocument) {
  auto [code, output] = run_command(CREST_BINARY " openapi");
  ASSERT_EQ(code, 0);
  auto doc = boost::json::parse(output);
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/v1/version"));
}

}  // namespace
}  // namespace crest::testing

namespace crest::testing {
namespace {

TEST(Cli, JwtSecretIsGeneratedOnceUnderTheDataDirOutsideProduction) {
  std::string dir = ::testing::TempDir() + "crest_data_" + std::to_string(::getpid());
  run_command("rm -rf " + dir);
  std::string secret_path = dir + "/jwt-secret";
  {
    ServerProcess server(CREST_BINARY, {{"CREST_DATA_DIR", dir}});
  }
  auto [code, first] = run_command("cat " + secret_path);
  ASSERT_EQ(code, 0);
  EXPECT_GE(first.size(), 64u);
  auto [mode_code, mode] = run_command("stat -c %a " + secret_path);
  EXPECT_EQ(mode, "600\n");
  {
    ServerProcess server(CREST_BINARY, {{"CREST_DATA_DIR", dir}});
  }
  EXPECT_EQ(run_command("cat " + secret_path).second, first);
}

TEST(Cli, ProductionWithoutJwtSecretRefusesToStart) {
  auto [code, output] = run_command("CREST_ENV=production " CREST_BINARY " serve");
  EXPECT_EQ(code, 2);
  EXPECT_NE(output.find("JWT_SECRET"), std::string::npos);
}

}  // namespace
}  // namespace crest::testing

namespace crest::testing {
namespace {

TEST(Cli, LogsAreReadableColourLinesOnATerminal) {
  // `script` gives the server a pseudo-terminal as stdout; CREST_LOG_FORMAT defaults to auto.
  // A data folder of its own: one left by an older build may hold migrations this one refuses.
  std::string dir = ::testing::TempDir() + "crest_tty_" + std::to_string(::getpid());
  run_command("rm -rf " + dir);
  auto [code, output] = run_command("script -qec 'PORT=0 HOST=127.0.0.1 CREST_DATA_DIR=" + dir +
                                    " timeout -s INT 1 " CREST_BINARY " serve' /dev/null");
  run_command("rm -rf " + dir);
  EXPECT_NE(output.find("\x1b[32mINFO"), std::string::npos) << output;
  EXPECT_NE(output.find("Server listening"), std::string::npos) << output;
  EXPECT_EQ(output.find("\"level\":30"), std::string::npos) << output;
}

}  // namespace
}  // namespace crest::testing

namespace crest::testing {
namespace {

TEST(Lifecycle, ServerSurvivesItsLogReaderGoingAway) {
  // stdout is a pipe whose reader exits after one byte; the shutdown lines written after that
  // must not kill the server with SIGPIPE: it still exits 0 on SIGTERM.
  std::string base = ::testing::TempDir() + "crest_pipe_" + std::to_string(::getpid());
  auto [code, output] = run_command(
      "{ ( PORT=0 HOST=127.0.0.1 CREST_DATA_DIR=" + base + " CREST_LOG_FORMAT=json " CREST_BINARY
      " serve & pid=$!; echo $pid > " + base + ".pid; wait $pid; echo $? > " + base + ".status ) "
      "| head -c 1 > /dev/null; } & sleep 1; kill -TERM $(cat " + base + ".pid); wait; cat " + base + ".status");
  EXPECT_EQ(output, "0\n") << output;
}

}  // namespace
}  // namespace crest::testing

namespace crest::testing {
namespace {

TEST(Lifecycle, LogLevelFiltersAccessLines) {
  ServerProcess server(CREST_FIXTURE_SERVER, {{"LOG_LEVEL", "warn"}, {"PORT", std::to_string(free_port())}});
  get(server.url("/health/live"), {"X-Request-Id: quiet-200"});
  get(server.url("/nope"), {"X-Request-Id: loud-404"});
  ASSERT_TRUE(server.wait_for_log("loud-404", 2000));  // 4xx lines are warnings: kept
  for (const auto& line : server.log_lines()) {
    EXPECT_EQ(line.find("quiet-200"), std::string::npos) << "an info line passed LOG_LEVEL=warn";
    EXPECT_EQ(line.find("Server listening"), std::string::npos);
  }
}

}  // namespace
}  // namespace crest::testing
