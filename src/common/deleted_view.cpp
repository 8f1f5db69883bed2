#include "common/deleted_view.hpp"

namespace crest::common {
using namespace crest::schema;

const Schema& deleted_view() {
  static const Schema s = object({{"id", string().uuid()}, {"deleted", boolean()}}).name("DeletedView");
  return s;
}

}  // namespace crest::common
