// The accept loop under pressure, against real crest processes: CREST_MAX_CONNECTIONS caps open
// connections (past it a new one is closed at once), and running out of file descriptors makes
// the server pause accepting, without spinning, and serve again once descriptors are free.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace crest::testing {
namespace {

const std::string kLiveRequest = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";

// A request on a new connection answered 200 within `timeout_ms`, retrying while the server
// still refuses (it notices a closed connection a moment after the client closed it).
bool served_again(int port, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      RawConnection c(port);
      if (c.send(kLiveRequest) && c.receive(2000, "}").find("200 OK") != std::string::npos) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Seconds of CPU (user + system) the process has used so far, from /proc/<pid>/stat.
double cpu_seconds(int pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {  // field 3 is the state; 14 utime, 15 stime
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::size_t count_lines_with(const ServerProcess& server, const std::string& needle) {
  std::size_t n = 0;
  for (const auto& line : server.log_lines()) n += line.find(needle) != std::string::npos ? 1 : 0;
  return n;
}

TEST(ConnectionLimits, PastMaxConnectionsANewConnectionIsClosedUntilOneEnds) {
  ServerProcess server(CREST_BINARY, {{"CREST_MAX_CONNECTIONS", "5"}});
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 5; ++i) {  // each served once: accepted and counted before the next
    open.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(open.back()->send(kLiveRequest));
    ASSERT_NE(open.back()->receive(5000, "}").find("200 OK"), std::string::npos) << "connection " << i;
  }

  RawConnection sixth(server.port());  // the kernel completes the handshake; crest closes it
  sixth.send(kLiveRequest);            // may already fail: the server may have closed it
  // A served connection would stay open for the idle timeout (60 s); this one is closed unserved.
  EXPECT_TRUE(sixth.closed_by_peer(20'000));
  EXPECT_TRUE(server.wait_for_log("connection limit reached", 5000));

  // The five still work, and once one of them ends a new connection is served.
  ASSERT_TRUE(open.front()->send(kLiveRequest));
  EXPECT_NE(open.front()->receive(5000, "}").find("200 OK"), std::string::npos);
  open.pop_back();
  EXPECT_TRUE(served_again(server.port(), 20'000));
}

TEST(ConnectionLimits, OutOfFileDescriptorsTheServerPausesAcceptingWithoutSpinningAndRecovers) {
  std::string pid_file = ::testing::TempDir() + "crest_fd_limit_" + std::to_string(::getpid()) + ".pid";
  // 64 descriptors: what start-up needs (database, event loop, log) and a few dozen connections.
  // Clients that send nothing keep their connection for the request timeout: make it long.
  ServerProcess server("/bin/sh", {{"CREST_REQUEST_TIMEOUT", "120s"}},
                       {"-c", "echo $$ > " + pid_file + " && ulimit -n 64 && exec " CREST_BINARY " serve"});
  int pid = 0;
  std::ifstream(pid_file) >> pid;
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(served_again(server.port(), 5000));

  // Twice as many connections as descriptors: the kernel completes every handshake, crest
  // accepts until it has no descriptor left and the rest wait in the backlog.
  std::vector<std::unique_ptr<RawConnection>> hogs;
  for (int i = 0; i < 128; ++i) hogs.push_back(std::make_unique<RawConnection>(server.port()));
  ASSERT_TRUE(server.wait_for_log("accept failed", 20'000)) << "the descriptors never ran out";

  // Exhausted for a while: the accept loop pauses (at most 1 s between attempts) instead of
  // retrying at once, so it uses almost no CPU and logs at most a warning a second.
  double cpu_before = cpu_seconds(pid);
  auto held_from = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  double held = std::chrono::duration<double>(std::chrono::steady_clock::now() - held_from).count();
  double cpu_used = cpu_seconds(pid) - cpu_before;
  EXPECT_LT(cpu_used, 0.25 * held) << "the server spun while out of descriptors";
  EXPECT_LE(count_lines_with(server, "accept failed"), static_cast<std::size_t>(held) + 5);

  hogs.clear();  // every descriptor comes back as the server sees these close
  EXPECT_TRUE(served_again(server.port(), 30'000));
  auto ready = get(server.url("/health/ready"));
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.json().at("data").at("checks").at("acceptor").at("status"), "up") << ready.body;
  EXPECT_LE(count_lines_with(server, "accept failed"), static_cast<std::size_t>(held) + 40);
  ::unlink(pid_file.c_str());
}

}  // namespace
}  // namespace crest::testing
