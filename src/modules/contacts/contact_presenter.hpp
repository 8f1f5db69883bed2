#pragma once
// A contact row (queries/list.sql) and its last activity -> ContactView.

#include <chrono>
#include <optional>

#include "core/db/result.hpp"
#include "core/pipeline/view.hpp"
#include "modules/activities/last_activity.hpp"

namespace crest::modules::contacts {

View present_contact(const db::Row& row, const std::optional<activities::LastActivity>& last_activity,
                                    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace crest::modules::contacts
