#pragma once
// An activity row (queries/list.sql) -> ActivityView.

#include <chrono>

#include "core/db/result.hpp"
#include "core/pipeline/view.hpp"

namespace crest::modules::activities {

View present_activity(const db::Row& row,
                                     std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace crest::modules::activities
