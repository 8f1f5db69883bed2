#pragma once
// A deal row (queries/list.sql) -> DealView: summaries, the money label, days in stage.
#include <boost/json/object.hpp>

#include <chrono>

#include "core/db/result.hpp"

namespace crest::modules::deals {

boost::json::object present_deal(const db::Row& row,
                                 std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace crest::modules::deals
