#pragma once
// The schema DSL (our Zod). One declaration validates input, produces JSON Schema for OpenAPI and
// TypeScript + Zod source for the contracts package.
//
//   auto CreateCompany = object({
//       {"name", string().trim().min(1).max(200)},
//       {"status", enumeration({"Active", "Prospect"}).default_value("Prospect")},
//   }).name("CreateCompany");
#include <boost/json/value.hpp>

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"

namespace crest::schema {

struct Node;

// How strings from a query string or a path are read: coerced to the declared type.
enum class Mode { Json, Coerce };

struct Validated {
  boost::json::value value;  // trimmed, coerced, defaults filled
  std::vector<FieldError> errors;
  bool ok() const noexcept { return errors.empty(); }
};

class Schema {
 public:
  explicit Schema(std::shared_ptr<const Node> node) : node_(std::move(node)) {}

  // strings: length; numbers: value; arrays: item count
  Schema min(double bound) const;
  Schema max(double bound) const;
  Schema trim() const;
  Schema email() const;
  Schema uuid() const;
  Schema url() const;
  Schema regex(std::string ecmascript_pattern, std::string message) const;

  Schema optional() const;
  Schema nullable() const;
  Schema default_value(boost::json::value value) const;
  // Unknown keys are errors by default; passthrough() keeps them.
  Schema passthrough() const;
  // A custom rule. js_body is the same rule as a JavaScript expression over `v`, for Zod.
  Schema refine(std::function<bool(const boost::json::value&)> rule, std::string message,
                std::string js_body = {}) const;

  Schema describe(std::string description) const;
  Schema example(boost::json::value value) const;
  // Named schemas become OpenAPI components and exported TypeScript types.
  Schema name(std::string component_name) const;

  Validated validate(const boost::json::value& input, Mode mode = Mode::Json) const;
  const Node& node() const noexcept { return *node_; }
  const std::shared_ptr<const Node>& node_ptr() const noexcept { return node_; }

 private:
  template <class Edit>
  Schema with(Edit edit) const;
  std::shared_ptr<const Node> node_;
};

using Field = std::pair<std::string, Schema>;

Schema string();
Schema number();
Schema integer();
Schema boolean();
Schema datetime();  // ISO 8601 string with offset
Schema enumeration(std::vector<std::string> values);
Schema literal(std::string value);
Schema array(Schema items);
Schema object(std::vector<Field> fields);
Schema union_of(std::vector<Schema> options);
// Options are objects whose `discriminator` field is a literal; the default key is "kind".
Schema discriminated_union(std::vector<Schema> options, std::string discriminator = "kind");
Schema any();

// The default maximum length of a string that declares none: every string has one.
inline constexpr double kDefaultStringMax = 4096;
// Every string refuses NUL (the generated Zod too): PostgreSQL's text cannot store it.
inline constexpr const char* kNoNulMessage = "Must not contain NUL characters";

}  // namespace crest::schema
