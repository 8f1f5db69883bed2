#pragma once
// A deal row (queries/list.sql) -> DealView: summaries, the money label, days in stage.

#include <chrono>

#include "core/db/result.hpp"
#include "core/pipeline/view.hpp"

namespace crest::modules::deals {

View present_deal(const db::Row& row,
                                 std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace crest::modules::deals
