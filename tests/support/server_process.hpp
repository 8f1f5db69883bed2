#pragma once
// Starts a crest server binary as a child process for end-to-end tests: waits for its
// "Server listening" log line, exposes the port and every log line, and stops it with a signal.
#include <boost/json/value.hpp>

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace crest::testing {

class ServerProcess {
 public:
  // env adds to (and overrides) the test's environment; PORT defaults to 0 (any free port, read
  // back from the "Server listening" line). With a fixed PORT, start-up is detected by connecting,
  // so servers whose LOG_LEVEL hides that line work too.
  ServerProcess(std::string binary, std::map<std::string, std::string> env = {},
                std::vector<std::string> args = {"serve"});
  ~ServerProcess();

  int port() const noexcept { return port_; }
  // CREST_DATA_DIR as the process got it: its own folder unless the caller named one.
  const std::string& data_dir() const noexcept { return data_dir_; }
  std::string url(const std::string& path) const;
  // Sends the signal and waits for exit; returns the exit code (or 128+signal if killed).
  int stop(int signal_number = 15);
  void signal(int signal_number);
  int wait_exit(int timeout_ms);
  std::vector<std::string> log_lines() const;
  // Log lines parsed as JSON (lines that are not JSON are skipped).
  std::vector<boost::json::object> log_records() const;
  // Waits until a log line contains `needle`; false on timeout.
  bool wait_for_log(const std::string& needle, int timeout_ms) const;

 private:
  void read_output(int fd);
  void wait_until_listening();
  int pid_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
  std::string data_dir_;
  std::string own_data_dir_;  // removed on destruction
  std::thread reader_;
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// A loopback port nobody listens on right now (the kernel picks it).
int free_port();

// Runs a command and returns {exit code, stdout+stderr}.
std::pair<int, std::string> run_command(const std::string& command);

}  // namespace crest::testing
