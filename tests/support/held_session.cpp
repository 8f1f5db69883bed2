#include "support/held_session.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include <sys/stat.h>
#include <unistd.h>

namespace crest::testing {

HeldSession::HeldSession(const std::string& url) {
  static std::atomic<int> counter{0};
  fifo_ = ::testing::TempDir() + "held_session_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  ::unlink(fifo_.c_str());
  if (::mkfifo(fifo_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo " + fifo_);
  std::string command = "psql -q '" + url + "' < " + fifo_ + " >/dev/null 2>&1 &";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("psql did not start");
  input_ = std::fopen(fifo_.c_str(), "w");  // returns once psql has opened it
  if (!input_) throw std::runtime_error("cannot open " + fifo_);
}

HeldSession::~HeldSession() {
  close();
  ::unlink(fifo_.c_str());
}

void HeldSession::send(const std::string& sql) {
  std::fputs((sql + "\n").c_str(), input_);
  std::fflush(input_);
}

void HeldSession::close() {
  if (input_) std::fclose(input_);
  input_ = nullptr;
}

}  // namespace crest::testing
