#pragma once
// Whether anything was committed to a SQLite database in WAL mode since a moment, told without
// a lock or a system call: by reading the WAL-index header in the connection's shared memory.
// The header's layout is part of SQLite's file format (https://www.sqlite.org/walformat.html,
// "The WAL-Index Header"): two copies of 48 bytes at the start of the -shm file, rewritten by
// every commit and by every WAL reset (copy 1 first, a barrier, then copy 0). It is read here as
// SQLite reads it: copy 0, a barrier, copy 1, and only a read where both agree counts.
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <optional>

namespace crest::db::detail {

using WalIndexHeader = std::array<std::uint32_t, 12>;

class WalIndex {
 public:
  // Maps the header of `db`'s main database; call it while the connection has a read
  // transaction open (its shared memory is mapped then). False when the database does not use
  // WAL, or its VFS has no shared memory: then nothing may be concluded from it.
  bool attach(sqlite3* db);

  // The header now, or nothing while a commit is rewriting it.
  std::optional<WalIndexHeader> read() const noexcept;

 private:
  // Region 0 of the connection's -shm mapping: it stays mapped while the connection keeps the
  // WAL open, which is for as long as the connection is open.
  const volatile std::uint32_t* header_ = nullptr;
};

}  // namespace crest::db::detail
