#pragma once
// A contact row (queries/list.sql) and its last activity -> ContactView.
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>

#include "core/db/result.hpp"
#include "modules/activities/last_activity.hpp"

namespace crest::modules::contacts {

boost::json::object present_contact(const db::Row& row, const std::optional<activities::LastActivity>& last_activity,
                                    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace crest::modules::contacts
