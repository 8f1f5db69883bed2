#include "common/totals_cache.hpp"

#include <gtest/gtest.h>

namespace crest::common {
namespace {

// The cache is process-wide: each test uses workspaces of its own.
TEST(TotalsCache, KeepsOnlyLargeTotals) {
  auto& totals = TotalsCache::instance();
  totals.store("w-small", "k", TotalsCache::kLargeTotal - 1, totals.generation("w-small"));
  EXPECT_EQ(totals.find("w-small", "k"), std::nullopt);
  totals.store("w-large", "k", TotalsCache::kLargeTotal, totals.generation("w-large"));
  EXPECT_EQ(totals.find("w-large", "k"), TotalsCache::kLargeTotal);
}

TEST(TotalsCache, AWriteToTheWorkspaceDropsItsTotalsOnly) {
  auto& totals = TotalsCache::instance();
  totals.store("w-a", "k", 20'000, totals.generation("w-a"));
  totals.store("w-b", "k", 30'000, totals.generation("w-b"));
  totals.forget("w-a");
  EXPECT_EQ(totals.find("w-a", "k"), std::nullopt);
  EXPECT_EQ(totals.find("w-b", "k"), 30'000);
}

// The race: a count began on a snapshot before a commit, the commit forgot the workspace's
// totals, then the count finished and would have stored the old figure for kTotalTtl.
TEST(TotalsCache, ACountThatStartedBeforeACommitIsNotKept) {
  auto& totals = TotalsCache::instance();
  auto before = totals.generation("w-race");
  totals.forget("w-race");  // the commit lands while the count runs
  totals.store("w-race", "k", 50'000, before);
  EXPECT_EQ(totals.find("w-race", "k"), std::nullopt);
  totals.store("w-race", "k", 50'001, totals.generation("w-race"));
  EXPECT_EQ(totals.find("w-race", "k"), 50'001);
}

TEST(TotalsCache, KeysTellParametersApart) {
  std::string sql = "SELECT id FROM companies WHERE workspace_id = $1 AND status = $2";
  EXPECT_NE(TotalsCache::key(sql, {std::string("w"), std::string("Active")}),
            TotalsCache::key(sql, {std::string("w"), std::string("Churned")}));
  EXPECT_NE(TotalsCache::key(sql, {std::string("w"), std::int64_t{1}}), TotalsCache::key(sql, {std::string("w"), std::string("1")}));
  EXPECT_NE(TotalsCache::key(sql, {std::string("w"), nullptr}), TotalsCache::key(sql, {std::string("w"), std::string("null")}));
  EXPECT_EQ(TotalsCache::key(sql, {std::string("w")}), TotalsCache::key(sql, {std::string("w")}));
}

}  // namespace
}  // namespace crest::common
