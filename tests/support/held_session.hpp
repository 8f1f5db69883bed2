#pragma once
// A PostgreSQL session of its own (psql reading from a FIFO) that a test drives statement by
// statement: to hold a transaction or a lock open exactly as long as the test says, whatever the
// machine's speed. The destructor ends the session.
#include <cstdio>
#include <string>

namespace crest::testing {

class HeldSession {
 public:
  explicit HeldSession(const std::string& url);
  ~HeldSession();
  HeldSession(const HeldSession&) = delete;
  HeldSession& operator=(const HeldSession&) = delete;

  // Sends the statements (a line of SQL) without waiting for them.
  void send(const std::string& sql);
  // Ends the session: psql reads the end of its input and exits.
  void close();

 private:
  std::string fifo_;
  std::FILE* input_ = nullptr;
};

}  // namespace crest::testing
