#pragma once
// What a soft DELETE answers: {id, deleted: true}.
#include "core/schema/schema.hpp"

namespace crest::common {

const schema::Schema& deleted_view();

}  // namespace crest::common
