#pragma once
// GET /audit-logs/stats: counts of the workspace's audit entries per bucket and group, read with
// the caller's abilities applied, from where common/rollup_reads.hpp plans.
#include <boost/asio/awaitable.hpp>

#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"

namespace crest::modules::audit {

boost::asio::awaitable<Reply> audit_stats(db::Database& database, RequestContext& ctx);

}  // namespace crest::modules::audit
