#pragma once
// Schema -> JSON Schema 2020-12 (the dialect of OpenAPI 3.1). Named schemas are emitted once
// into components and referenced with $ref.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/schema/schema.hpp"

namespace crest::schema {

class JsonSchemaEmitter {
 public:
  explicit JsonSchemaEmitter(std::string ref_prefix = "#/components/schemas/")
      : ref_prefix_(std::move(ref_prefix)) {}

  boost::json::value emit(const Schema& schema);
  // A named schema's own body, even when it is named (used for the component itself).
  boost::json::value emit_inline(const Schema& schema);
  const boost::json::object& components() const noexcept { return components_; }

 private:
  std::string ref_prefix_;
  boost::json::object components_;
};

}  // namespace crest::schema
