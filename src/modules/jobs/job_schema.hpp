#pragma once
// The contracts of /jobs.
#include <vector>

#include "core/schema/schema.hpp"

namespace crest::modules::jobs::contracts {

std::vector<schema::Field> list_filters();
const schema::Schema& job_view();

}  // namespace crest::modules::jobs::contracts
