#pragma once
// The contracts of activities: what happened (a call, a meeting, an email...), when, and to which
// company, contact or deal.
#include <vector>

#include "core/schema/schema.hpp"

namespace crest::modules::activities::contracts {

const std::vector<std::string>& kinds();
const schema::Schema& create_activity();
const schema::Schema& activity_params();
std::vector<schema::Field> list_filters();
const schema::Schema& activity_view();
// {kind: "None"} | {kind: <an activity kind>, at, label}: the lastActivity of CRM views.
const schema::Schema& last_activity();

}  // namespace crest::modules::activities::contracts
