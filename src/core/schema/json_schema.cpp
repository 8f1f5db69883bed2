#include "core/schema/json_schema.hpp"

#include <boost/json.hpp>

#include "core/schema/schema_node.hpp"

namespace crest::schema {
namespace json = boost::json;

json::value JsonSchemaEmitter::emit(const Schema& schema) {
  const Node& node = schema.node();
  if (node.name.empty()) return emit_inline(schema);
  if (!components_.contains(node.name)) {
    components_[node.name] = json::object();  // placeholder stops recursion on cycles
    components_[node.name] = emit_inline(without_modifiers(schema));
  }
  json::object ref{{"$ref", ref_prefix_ + node.name}};
  if (!node.description.empty()) ref["description"] = node.description;
  if (node.default_value) ref["default"] = *node.default_value;
  if (!node.nullable) return ref;
  return json::object{{"anyOf", json::array{std::move(ref), json::object{{"type", "null"}}}}};
}

json::value JsonSchemaEmitter::emit_inline(const Schema& schema) {
  const Node& node = schema.node();
  json::object out;
  switch (node.kind) {
    case Kind::Any: break;
    case Kind::String:
      out["type"] = "string";
      if (node.min) out["minLength"] = static_cast<std::int64_t>(*node.min);
      out["maxLength"] = static_cast<std::int64_t>(node.max.value_or(kDefaultStringMax));
      if (node.format == StringFormat::Email) out["format"] = "email";
      if (node.format == StringFormat::Uuid) out["format"] = "uuid";
      if (node.format == StringFormat::Url) out["format"] = "uri";
      if (!node.pattern.empty()) out["pattern"] = node.pattern;
      break;
    case Kind::DateTime:
      out["type"] = "string";
      out["format"] = "date-time";
      break;
    case Kind::Enum: {
      out["type"] = "string";
      json::array values;
      for (const auto& v : node.values) values.emplace_back(v);
      out["enum"] = std::move(values);
      break;
    }
    case Kind::Literal:
      out["type"] = "string";
      out["const"] = node.values.front();
      break;
    case Kind::Number:
    case Kind::Integer:
      out["type"] = node.kind == Kind::Integer ? "integer" : "number";
      if (node.min) out["minimum"] = *node.min;
      if (node.max) out["maximum"] = *node.max;
      break;
    case Kind::Boolean: out["type"] = "boolean"; break;
    case Kind::Array:
      out["type"] = "array";
      out["items"] = emit(*node.items);
      if (node.min) out["minItems"] = static_cast<std::int64_t>(*node.min);
      if (node.max) out["maxItems"] = static_cast<std::int64_t>(*node.max);
      break;
    case Kind::Object: {
      out["type"] = "object";
      json::object properties;
      json::array required;
      for (const auto& [key, field] : node.fields) {
        properties[key] = emit(field);
        if (!field.node().optional && !field.node().default_value) required.emplace_back(key);
      }
      out["properties"] = std::move(properties);
      if (!required.empty()) out["required"] = std::move(required);
      out["additionalProperties"] = !node.strict;
      break;
    }
    case Kind::Union:
    case Kind::DiscriminatedUnion: {
      json::array options;
      for (const auto& option : node.options) options.push_back(emit(option));
      if (node.kind == Kind::Union) {
        out["anyOf"] = std::move(options);
      } else {
        out["oneOf"] = std::move(options);
        out["discriminator"] = json::object{{"propertyName", node.discriminator}};
      }
      break;
    }
  }
  if (!node.description.empty()) out["description"] = node.description;
  if (node.default_value) out["default"] = *node.default_value;
  if (node.example) out["examples"] = json::array{*node.example};
  if (node.nullable) {
    json::object nullable;
    nullable["anyOf"] = json::array{std::move(out), json::object{{"type", "null"}}};
    return nullable;
  }
  return out;
}

}  // namespace crest::schema
