#pragma once
// An activity row (queries/list.sql) -> ActivityView.
#include <boost/json/object.hpp>

#include <chrono>

#include "core/db/result.hpp"

namespace crest::modules::activities {

boost::json::object present_activity(const db::Row& row,
                                     std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace crest::modules::activities
