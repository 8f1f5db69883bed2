#include "core/log/log.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace crest::log {
namespace {

// Lines logged by several threads at once all come out, whole, each thread's in the order it
// logged them (the queue is sharded by thread; a sequence number puts the shards back in order).
TEST(Log, LinesFromManyThreadsAllArriveWholeAndInEachThreadsOrder) {
  constexpr int kThreads = 4;
  constexpr int kLines = 3000;
  std::string path = ::testing::TempDir() + "crest_log_test_" + std::to_string(getpid()) + ".jsonl";
  std::fflush(stdout);
  int saved = dup(STDOUT_FILENO);
  FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  dup2(fileno(file), STDOUT_FILENO);

  init(Level::Info, Format::Json);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([t] {
      for (int n = 0; n < kLines; ++n)
        write_members(Level::Info, "line", "\"t\":" + std::to_string(t) + ",\"n\":" + std::to_string(n));
    });
  for (auto& thread : threads) thread.join();
  shutdown();  // writes what is queued

  std::fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  close(saved);
  std::fclose(file);

  std::ifstream in(path);
  std::map<std::int64_t, std::int64_t> next;  // thread -> the n expected next
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    auto value = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << line;
    const auto& object = value.as_object();
    if (!object.contains("t")) continue;
    std::int64_t t = object.at("t").as_int64();
    std::int64_t n = object.at("n").as_int64();
    EXPECT_EQ(n, next[t]) << "thread " << t;
    next[t] = n + 1;
    ++lines;
  }
  std::remove(path.c_str());
  EXPECT_EQ(lines, kThreads * kLines);
}

}  // namespace
}  // namespace crest::log
