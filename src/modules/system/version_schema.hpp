#pragma once
#include "core/schema/schema.hpp"

namespace crest::modules {

// {name, version, environment, startedAt}
const schema::Schema& version_view();

}  // namespace crest::modules
