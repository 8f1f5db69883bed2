#include "core/util/uuid.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <thread>
#include <vector>

namespace crest {
namespace {

TEST(UuidV7, IsAVersion7Rfc9562Uuid) {
  std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(std::regex_match(uuid_v7(), shape));
}

// Rows made in one millisecond (a create then an update's audit entry) sort in the order made.
TEST(UuidV7, IdsMadeInARowSortStrictlyInOrder) {
  std::string previous = uuid_v7();
  for (int i = 0; i < 20'000; ++i) {
    std::string next = uuid_v7();
    ASSERT_LT(previous, next);
    previous = next;
  }
}

TEST(UuidV7, ThreadsNeverMakeTheSameId) {
  std::vector<std::vector<std::string>> made(4);
  std::vector<std::thread> threads;
  for (auto& out : made)
    threads.emplace_back([&out] {
      for (int i = 0; i < 5'000; ++i) out.push_back(uuid_v7());
    });
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& out : made) all.insert(out.begin(), out.end());
  EXPECT_EQ(all.size(), 20'000u);
}

}  // namespace
}  // namespace crest
