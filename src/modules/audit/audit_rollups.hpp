#pragma once
// Hourly and daily rollups of the audit log (the continuous-aggregate equivalent), kept from a
// watermark by the audit.rollup cron as common/rollup_refresh.hpp describes: the whole hours past
// the watermark are counted from the raw rows and their days summed from the hours; a row written
// below the watermark marks its hour stale (the trigger of migration 0016), and the next refresh
// counts that hour and its day again.
//
// Reads (audit_stats_service.cpp) take whole days below the watermark from the daily rollup,
// the hours after them from the hourly one, and the rest, and every stale hour or day, from the
// raw rows: exact at any moment, the rollups only making it fast.
#include <boost/asio/awaitable.hpp>

#include <chrono>

#include "common/rollup_refresh.hpp"
#include "core/db/database.hpp"

namespace crest::modules::audit {

const common::RollupDefinition& audit_rollup();

boost::asio::awaitable<common::RollupRefreshReport> refresh_audit_rollups(
    db::Database& database, std::chrono::sys_seconds now, std::chrono::milliseconds wait_limit = std::chrono::seconds(30));

}  // namespace crest::modules::audit
