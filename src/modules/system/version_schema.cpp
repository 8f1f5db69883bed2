#include "modules/system/version_schema.hpp"

namespace crest::modules {
using namespace crest::schema;

const Schema& version_view() {
  static const Schema view = object({
      {"name", string().max(64)},
      {"version", string().max(32).regex(R"(^\d+\.\d+\.\d+)", "Must be a semantic version")},
      {"environment", enumeration({"development", "production", "test"})},
      {"startedAt", datetime()},
  }).name("VersionView");
  return view;
}

}  // namespace crest::modules
