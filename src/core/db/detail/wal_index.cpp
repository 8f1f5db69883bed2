#include "core/db/detail/wal_index.hpp"

#include <atomic>
#include <string_view>

namespace crest::db::detail {

namespace {
constexpr int kRegionSize = 32 * 1024;  // WALINDEX_PGSZ: the size SQLite maps its regions with
constexpr std::size_t kWords = std::tuple_size_v<WalIndexHeader>;

// (Mapping the shared memory of a database not in WAL mode would create a -shm file for nothing.)
bool uses_wal(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA main.journal_mode", -1, &statement, nullptr) != SQLITE_OK) return false;
  const unsigned char* mode = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_text(statement, 0) : nullptr;
  bool wal = mode && std::string_view(reinterpret_cast<const char*>(mode)) == "wal";
  sqlite3_finalize(statement);
  return wal;
}
}  // namespace

bool WalIndex::attach(sqlite3* db) {
  if (!uses_wal(db)) return false;
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file ||
      !file->pMethods || file->pMethods->iVersion < 2 || !file->pMethods->xShmMap)
    return false;
  void volatile* region = nullptr;
  if (file->pMethods->xShmMap(file, 0, kRegionSize, 0, &region) != SQLITE_OK || !region) return false;
  header_ = static_cast<const volatile std::uint32_t*>(region);
  return true;
}

std::optional<WalIndexHeader> WalIndex::read() const noexcept {
  if (!header_) return std::nullopt;
  WalIndexHeader first{};
  WalIndexHeader second{};
  for (std::size_t i = 0; i < kWords; ++i) first[i] = header_[i];
  std::atomic_thread_fence(std::memory_order_seq_cst);
  for (std::size_t i = 0; i < kWords; ++i) second[i] = header_[kWords + i];
  if (first != second) return std::nullopt;
  return first;
}

}  // namespace crest::db::detail
