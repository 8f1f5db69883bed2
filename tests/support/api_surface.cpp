#include "support/api_surface.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include "support/server_process.hpp"

namespace crest::testing {
namespace json = boost::json;

namespace {

const json::value& openapi_document() {
  static const json::value document = [] {
    auto [code, out] = run_command(std::string(CREST_BINARY) + " openapi 2>/dev/null");
    if (code != 0) throw std::runtime_error("crest openapi failed: " + out);
    return json::parse(out);
  }();
  return document;
}

const json::value& resolve(const json::value& schema) {
  const auto* object = schema.if_object();
  if (!object || !object->contains("$ref")) return schema;
  std::string ref(object->at("$ref").as_string());  // "#/components/schemas/Name"
  const auto& target = openapi_document().at("components").at("schemas").at(ref.substr(ref.rfind('/') + 1));
  return resolve(target);
}

std::string plural(const std::string& noun) {
  if (noun.ends_with("y")) return noun.substr(0, noun.size() - 1) + "ies";
  return noun + "s";
}

}  // namespace

std::string Operation::collection() const {
  auto colon = path.find("/:");
  return colon == std::string::npos ? path : path.substr(0, colon);
}

std::string Operation::with_params(const std::map<std::string, std::string>& values) const {
  std::string out = path;
  for (const auto& [name, value] : values) {
    auto at = out.find(":" + name);
    if (at != std::string::npos) out.replace(at, name.size() + 1, value);
  }
  return out;
}

const std::vector<Operation>& api_operations() {
  static const std::vector<Operation> operations = [] {
    std::vector<Operation> out;
    for (const auto& [path, item] : openapi_document().at("paths").as_object()) {
      for (const auto& [method, raw] : item.as_object()) {
        const auto& operation = raw.as_object();
        Operation op;
        for (char c : std::string(method)) op.method += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        std::string p(path);
        for (std::size_t open; (open = p.find('{')) != std::string::npos;) {
          auto close = p.find('}', open);
          op.params.push_back(p.substr(open + 1, close - open - 1));
          p.replace(open, close - open + 1, ":" + op.params.back());
        }
        op.path = p;
        op.is_public = operation.contains("security") && operation.at("security").as_array().empty();
        if (const auto* parameters = operation.if_contains("parameters"))
          for (const auto& parameter : parameters->as_array()) {
            if (parameter.at("in") != "query") continue;
            op.query_params.emplace_back(parameter.at("name").as_string());
            op.paginated = op.paginated || parameter.at("name") == "limit";
          }
        if (const auto* ability = operation.if_contains("x-ability"))
          op.ability = std::pair{std::string(ability->at("action").as_string()), std::string(ability->at("subject").as_string())};
        if (const auto* body = operation.if_contains("requestBody")) {
          const auto& content = body->at("content").as_object();
          if (const auto* json_body = content.if_contains("application/json")) op.body_schema = json_body->at("schema");
          else if (!content.empty()) op.upload_media_type = std::string(content.begin()->key());
        }
        out.push_back(std::move(op));
      }
    }
    return out;
  }();
  return operations;
}

json::value example_of(const json::value& raw, const std::function<std::optional<std::string>(const std::string&)>& ids_for) {
  static std::atomic<int> counter{0};
  const json::object& schema = resolve(raw).as_object();
  if (const auto* any_of = schema.if_contains("anyOf")) {
    for (const auto& option : any_of->as_array())
      if (resolve(option).as_object().if_contains("type") == nullptr || resolve(option).at("type") != "null")
        return example_of(option, ids_for);
    return nullptr;
  }
  if (const auto* examples = schema.if_contains("examples"); examples && !examples->as_array().empty())
    return examples->as_array().front();
  if (const auto* values = schema.if_contains("enum")) return values->as_array().back();
  if (const auto* constant = schema.if_contains("const")) return *constant;
  std::string type = schema.contains("type") ? std::string(schema.at("type").as_string()) : "object";
  if (type == "object") {
    json::object out;
    const auto* required = schema.if_contains("required");
    auto is_required = [&](const std::string& key) {
      if (!required) return false;
      const auto& names = required->as_array();
      return std::find(names.begin(), names.end(), json::value(key)) != names.end();
    };
    if (const auto* properties = schema.if_contains("properties")) {
      for (const auto& [name, property] : properties->as_object()) {
        std::string key(name);
        if (key.size() > 2 && key.ends_with("Id") && ids_for) {
          if (auto id = ids_for(plural(key.substr(0, key.size() - 2)))) {
            out[key] = *id;
            continue;
          }
          if (!is_required(key)) continue;  // a reference to nothing known: leave it out
        }
        out[key] = example_of(property, ids_for);
      }
    }
    return out;
  }
  if (type == "array") {
    std::size_t count = schema.contains("minItems") ? schema.at("minItems").to_number<std::size_t>() : 0;
    json::array out;
    for (std::size_t i = 0; i < count; ++i) out.push_back(example_of(schema.at("items"), ids_for));
    return out;
  }
  if (type == "integer" || type == "number")
    return schema.contains("minimum") ? schema.at("minimum") : json::value(1);
  if (type == "boolean") return true;
  std::string format = schema.contains("format") ? std::string(schema.at("format").as_string()) : "";
  int n = ++counter;
  if (format == "email") return json::value("example" + std::to_string(n) + "@example.com");
  if (format == "uuid") return json::value("00000000-0000-4000-8000-" + std::string(12 - std::to_string(n).size(), '0') + std::to_string(n));
  if (format == "date-time") return json::value("2026-01-01T00:00:00.000Z");
  std::size_t min = schema.contains("minLength") ? schema.at("minLength").to_number<std::size_t>() : 1;
  std::string text = "Example " + std::to_string(n);
  while (text.size() < min) text += " text";
  return json::value(text);
}

std::set<std::string> ids_in(const json::value& value) {
  std::set<std::string> out;
  if (const auto* object = value.if_object()) {
    for (const auto& [key, child] : *object) {
      if (key == "id" && child.is_string()) out.insert(std::string(child.as_string()));
      auto nested = ids_in(child);
      out.insert(nested.begin(), nested.end());
    }
  } else if (const auto* array = value.if_array()) {
    for (const auto& child : *array) {
      auto nested = ids_in(child);
      out.insert(nested.begin(), nested.end());
    }
  }
  return out;
}

std::vector<std::string> ids_for_param(const json::array& items, const std::string& param) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    const auto& object = item.as_object();
    if (const auto* direct = object.if_contains(param); direct && direct->is_string()) {
      out.emplace_back(direct->as_string());
    } else if (param.size() > 2 && param.ends_with("Id")) {
      if (const auto* nested = object.if_contains(param.substr(0, param.size() - 2)); nested && nested->is_object())
        if (const auto* id = nested->as_object().if_contains("id"); id && id->is_string()) out.emplace_back(id->as_string());
    }
  }
  return out;
}

std::string example_upload(const std::string& media_type) {
  if (media_type == "text/csv") return "firstName,lastName,email\r\nSeed,Row,seed.row@example.com\r\n";
  return {};
}

}  // namespace crest::testing
