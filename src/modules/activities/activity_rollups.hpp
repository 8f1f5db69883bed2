#pragma once
// Daily rollups of activities: live activities per workspace, UTC day of `at`, kind and owner,
// kept from a watermark by the activities.rollup cron as common/rollup_refresh.hpp describes.
// Activities are edited, moved in time and soft-deleted: the triggers of migration 0017 mark the
// day a row leaves and the day it enters, and the next refresh counts both again. Reads
// (activity_timeline.cpp) take whole days below the watermark from the rollup and the rest, and
// every stale day, from the raw rows.
#include <boost/asio/awaitable.hpp>

#include <chrono>

#include "common/rollup_refresh.hpp"
#include "core/db/database.hpp"

namespace crest::modules::activities {

const common::RollupDefinition& activity_rollup();

boost::asio::awaitable<common::RollupRefreshReport> refresh_activity_rollups(
    db::Database& database, std::chrono::sys_seconds now, std::chrono::milliseconds wait_limit = std::chrono::seconds(30));

}  // namespace crest::modules::activities
