#pragma once
// Totals of large lists, reused for a few seconds. Counting every matching row costs time in
// proportion to the rows (tens of milliseconds at 200,000 companies), which a page of 20 should
// not pay on every request. So a list whose total reached kLargeTotal keeps it for kTotalTtl,
// unless this process commits a write to the workspace meanwhile; smaller lists are counted
// exactly every time. Another instance's writes show in a large total within the TTL.
//
// A count that began before a commit may finish after it. So a reader takes the workspace's
// generation before its snapshot starts and hands it to store(): a commit in between (forget)
// moved the generation on, and the stale count is not kept.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/db/result.hpp"

namespace crest::common {

class TotalsCache {
 public:
  static constexpr std::int64_t kLargeTotal = 10'000;
  static constexpr std::chrono::seconds kTotalTtl{10};

  static TotalsCache& instance();

  // What identifies one count: the list's SQL and its parameters (the workspace among them).
  static std::string key(const std::string& sql, const db::Params& params);

  std::optional<std::int64_t> find(const std::string& workspace_id, const std::string& key);
  // Taken before the snapshot a count runs on.
  std::uint64_t generation(const std::string& workspace_id) const noexcept;
  // Keeps `total` when it is large and no commit to the workspace happened since `generation`;
  // smaller totals are not worth a stale answer.
  void store(const std::string& workspace_id, const std::string& key, std::int64_t total, std::uint64_t generation);
  // Drops the workspace's totals and moves its generation on (a tenant transaction committed).
  void forget(const std::string& workspace_id);

 private:
  struct Entry {
    std::int64_t total;
    std::chrono::steady_clock::time_point expires;
  };
  // Workspaces share slots by hash: a collision only costs a count not kept. Bounded memory.
  std::atomic<std::uint64_t>& slot(const std::string& workspace_id) const noexcept;
  mutable std::array<std::atomic<std::uint64_t>, 1024> generations_{};
  std::mutex mutex_;
  std::unordered_map<std::string, std::unordered_map<std::string, Entry>> by_workspace_;
  std::size_t entries_ = 0;
};

}  // namespace crest::common
