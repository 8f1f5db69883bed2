#pragma once
// The data behind a Schema; read by the validator and the JSON Schema / TypeScript emitters.
#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/schema/schema.hpp"

namespace re2 {
class RE2;
}

namespace crest::schema {

enum class Kind { String, Number, Integer, Boolean, DateTime, Enum, Literal, Array, Object, Union,
                  DiscriminatedUnion, Any };

enum class StringFormat { None, Email, Uuid, Url };

struct Refinement {
  std::function<bool(const boost::json::value&)> rule;
  std::string message;
  std::string js_body;
};

struct Node {
  Kind kind = Kind::Any;
  std::optional<double> min;
  std::optional<double> max;
  bool trim = false;
  StringFormat format = StringFormat::None;
  std::string pattern;  // in the subset RE2 and ECMAScript read alike (no look-around, no backreferences)
  std::string pattern_message;
  std::shared_ptr<const re2::RE2> compiled_pattern;  // linear time, no recursion: safe on any input
  std::vector<std::string> values;  // Enum values; Literal has one
  std::vector<Field> fields;        // Object
  std::vector<Schema> options;      // Union, DiscriminatedUnion
  std::optional<Schema> items;      // Array
  std::string discriminator;
  bool strict = true;
  bool optional = false;
  bool nullable = false;
  std::optional<boost::json::value> default_value;
  std::vector<Refinement> refinements;
  std::string description;
  std::optional<boost::json::value> example;
  std::string name;
};

// The same schema without optional/nullable/default/description: the body of a named component,
// which each use site wraps as it needs.
inline Schema without_modifiers(const Schema& schema) {
  auto copy = std::make_shared<Node>(schema.node());
  copy->optional = copy->nullable = false;
  copy->default_value.reset();
  copy->description.clear();
  return Schema(std::move(copy));
}

}  // namespace crest::schema
