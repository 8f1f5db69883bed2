#pragma once
// GET /activities/timeline: the workspace's live activities per day or ISO week, by kind or by the
// member who logged them, every bucket present, read with the caller's abilities applied and
// shaped by common/time_series.hpp.
#include <boost/asio/awaitable.hpp>

#include "core/auth/abilities.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"
#include "core/schema/schema.hpp"

namespace crest::modules::activities {

schema::Schema timeline_query();
const schema::Schema& timeline_view();

// conditions: what ability conditions on an activity may name, as columns of `activities a`.
boost::asio::awaitable<Reply> activity_timeline(db::Database& database, RequestContext& ctx,
                                                const crest::auth::ConditionColumns& conditions);

}  // namespace crest::modules::activities
