#include "common/totals_cache.hpp"

#include <fmt/format.h>

namespace crest::common {

namespace {
constexpr std::size_t kMaxEntries = 10'000;  // a bound on memory; past it the cache starts over
}

TotalsCache& TotalsCache::instance() {
  static TotalsCache cache;
  return cache;
}

std::string TotalsCache::key(const std::string& sql, const db::Params& params) {
  std::string out = sql;
  for (const auto& value : params) {
    out += '\x1f';
    if (std::holds_alternative<std::nullptr_t>(value)) out += "null";
    else if (const auto* i = std::get_if<std::int64_t>(&value)) out += fmt::format("i{}", *i);
    else if (const auto* d = std::get_if<double>(&value)) out += fmt::format("d{}", *d);
    else out += "s" + std::get<std::string>(value);
  }
  return out;
}

std::optional<std::int64_t> TotalsCache::find(const std::string& workspace_id, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto workspace = by_workspace_.find(workspace_id);
  if (workspace == by_workspace_.end()) return std::nullopt;
  auto entry = workspace->second.find(key);
  if (entry == workspace->second.end()) return std::nullopt;
  if (entry->second.expires <= std::chrono::steady_clock::now()) {
    workspace->second.erase(entry);
    --entries_;
    return std::nullopt;
  }
  return entry->second.total;
}

std::atomic<std::uint64_t>& TotalsCache::slot(const std::string& workspace_id) const noexcept {
  return generations_[std::hash<std::string>{}(workspace_id) % generations_.size()];
}

std::uint64_t TotalsCache::generation(const std::string& workspace_id) const noexcept {
  return slot(workspace_id).load(std::memory_order_acquire);
}

void TotalsCache::store(const std::string& workspace_id, const std::string& key, std::int64_t total,
                        std::uint64_t generation) {
  if (total < kLargeTotal) return;
  std::lock_guard lock(mutex_);
  // Checked under the lock: forget() moves the generation before it takes the lock to erase.
  if (slot(workspace_id).load(std::memory_order_acquire) != generation) return;
  if (entries_ >= kMaxEntries) {
    by_workspace_.clear();
    entries_ = 0;
  }
  auto [it, inserted] =
      by_workspace_[workspace_id].insert_or_assign(key, Entry{total, std::chrono::steady_clock::now() + kTotalTtl});
  if (inserted) ++entries_;
}

void TotalsCache::forget(const std::string& workspace_id) {
  slot(workspace_id).fetch_add(1, std::memory_order_acq_rel);
  std::lock_guard lock(mutex_);
  // Cheap when the workspace has nothing cached, which is every workspace with small lists.
  auto workspace = by_workspace_.find(workspace_id);
  if (workspace == by_workspace_.end()) return;
  entries_ -= workspace->second.size();
  by_workspace_.erase(workspace);
}

}  // namespace crest::common
