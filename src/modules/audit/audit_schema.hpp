#pragma once
// The contracts of the audit log.
#include <vector>

#include "core/schema/schema.hpp"

namespace crest::modules::audit::contracts {

std::vector<schema::Field> list_filters();
const schema::Schema& audit_entry_view();
// GET /audit-logs/stats: its query, and the chart-shaped view it answers.
schema::Schema stats_query();
const schema::Schema& audit_stats_view();

}  // namespace crest::modules::audit::contracts
