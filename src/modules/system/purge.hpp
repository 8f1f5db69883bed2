#pragma once
// The purge cron: the only hard delete in crest. What ended before the cutoff (now −
// CREST_PURGE_AFTER) goes, every workspace's, a batch at a time, children before parents:
//
//   activities → deals → contacts → companies   soft-deleted; a row still referred to stays
//   refresh_tokens                              families whose every token ended
//   invitations                                 accepted, expired or withdrawn
//   outbox                                      sent
//
// Each batch is one transaction that also writes, for each workspace it touched, an audit entry
// of the system (no actor): action "Purge", the subject, how many rows went and the cutoff. Users,
// workspaces and memberships are never purged (a former member's name still labels what they did).
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/db/database.hpp"

namespace crest::modules::system {

struct PurgeReport {
  std::vector<std::pair<std::string, std::int64_t>> removed;  // per table, in purge order
  std::int64_t total() const;
  boost::json::object to_json() const;  // {"removed": {"activities": 3, ...}, "endedBefore": ISO}
  std::string ended_before;
};

// run_id: the audit entries' requestId (the cron tick's job id). stop: checked between batches.
boost::asio::awaitable<PurgeReport> purge_ended_rows(db::Database& database, std::chrono::sys_seconds cutoff,
                                                     std::string run_id, std::function<bool()> stop);

}  // namespace crest::modules::system
