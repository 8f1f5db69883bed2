#include "core/openapi/openapi.hpp"

#include <boost/json.hpp>

#include <set>

#include "core/errors.hpp"
#include "core/schema/json_schema.hpp"
#include "core/schema/schema_node.hpp"

namespace crest {
namespace json = boost::json;

namespace {

// "/companies/:id" -> "/companies/{id}"
std::string openapi_path(const std::string& path) {
  std::string out;
  bool in_param = false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == ':' && (i == 0 || path[i - 1] == '/')) {
      out += '{';
      in_param = true;
      continue;
    }
    if (c == '/' && in_param) {
      out += '}';
      in_param = false;
    }
    out += c;
  }
  if (in_param) out += '}';
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string operation_id_for(const Route& route) {
  if (!route.operation_id.empty()) return route.operation_id;
  std::string id = lower(route.method);
  bool upper = true;
  for (char c : route.path) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    } else {
      upper = true;
      if (c == ':') id += "By";
    }
  }
  return id;
}

json::array parameters(schema::JsonSchemaEmitter& emitter, const std::optional<schema::Schema>& s,
                       const char* in) {
  json::array out;
  if (!s) return out;
  for (const auto& [name, field] : s->node().fields) {
    json::object p{{"name", name}, {"in", in}, {"schema", emitter.emit(field)}};
    bool required = std::string_view(in) == "path" ||
                    (!field.node().optional && !field.node().default_value);
    p["required"] = required;
    if (!field.node().description.empty()) p["description"] = field.node().description;
    out.push_back(std::move(p));
  }
  return out;
}

json::value success_envelope_schema(json::value data, bool paginated) {
  json::object properties{{"success", {{"type", "boolean"}, {"const", true}}},
                          {"data", std::move(data)},
                          {"timestamp", {{"type", "string"}, {"format", "date-time"}}}};
  json::array required{"success", "data", "timestamp"};
  if (paginated) {
    properties["meta"] = {{"$ref", "#/components/schemas/PageMeta"}};
    required.emplace_back("meta");
  }
  return json::object{{"type", "object"},
                      {"properties", std::move(properties)},
                      {"required", std::move(required)}};
}

json::object shared_components() {
  json::object schemas;
  schemas["ErrorEnvelope"] = json::parse(R"({
    "type": "object",
    "required": ["success", "statusCode", "error", "message", "requestId", "timestamp"],
    "properties": {
      "success": {"type": "boolean", "const": false},
      "statusCode": {"type": "integer"},
      "error": {"type": "string"},
      "message": {"type": "string"},
      "details": {"type": "array", "items": {
        "type": "object", "required": ["path", "code", "message"],
        "properties": {"path": {"type": "string"}, "code": {"type": "string"},
                       "message": {"type": "string"}}}},
      "requestId": {"type": "string"},
      "timestamp": {"type": "string", "format": "date-time"}
    }})");
  schemas["PageMeta"] = json::parse(R"({
    "type": "object",
    "required": ["total", "page", "limit", "totalPages", "hasNextPage", "hasPrevPage"],
    "properties": {
      "total": {"type": "integer"}, "page": {"type": "integer"}, "limit": {"type": "integer"},
      "totalPages": {"type": "integer"}, "hasNextPage": {"type": "boolean"},
      "hasPrevPage": {"type": "boolean"}
    }})");
  return schemas;
}

json::object error_response(int status) {
  return {{"description", status_reason(status)},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/ErrorEnvelope"}}}}}}}};
}

}  // namespace

json::value build_openapi(const Router& router, const ApiInfo& info) {
  schema::JsonSchemaEmitter emitter;
  json::object paths;
  std::set<std::string> tags;
  for (const auto& route_ptr : router.routes()) {
    const Route& route = *route_ptr;
    if (route.hidden) continue;
    json::object operation;
    operation["operationId"] = operation_id_for(route);
    if (!route.summary.empty()) operation["summary"] = route.summary;
    if (!route.description.empty()) operation["description"] = route.description;
    if (!route.tags.empty()) {
      json::array route_tags;
      for (const auto& t : route.tags) {
        route_tags.emplace_back(t);
        tags.insert(t);
      }
      operation["tags"] = std::move(route_tags);
    }
    json::array params = parameters(emitter, route.params, "path");
    for (auto& q : parameters(emitter, route.query, "query")) params.push_back(std::move(q));
    if (!params.empty()) operation["parameters"] = std::move(params);
    if (route.body)
      operation["requestBody"] = {
          {"required", true},
          {"content", {{"application/json", {{"schema", emitter.emit(*route.body)}}}}}};
    else if (!route.consumes.empty())
      operation["requestBody"] = {
          {"required", true},
          {"content", {{route.consumes, {{"schema", {{"type", "string"}, {"contentMediaType", route.consumes}}}}}}}};

    json::object responses;
    for (const auto& spec : route.responses) {
      json::object response{{"description", spec.description.empty() ? status_reason(spec.status)
                                                                      : spec.description}};
      if (spec.data) {
        json::value data = emitter.emit(*spec.data);
        if (spec.paginated) data = json::object{{"type", "array"}, {"items", std::move(data)}};
        json::value body = route.produces == "application/json"
                               ? success_envelope_schema(std::move(data), spec.paginated)
                               : std::move(data);
        response["content"] = {{route.produces, {{"schema", std::move(body)}}}};
      }
      responses[std::to_string(spec.status)] = std::move(response);
    }
    std::set<int> errors{500};
    if (route.params || route.query || route.body) errors.insert(400);
    if (route.params) errors.insert(404);
    if (!route.is_public) errors.insert({401, 403});
    if (!route.throttles.empty()) errors.insert(429);
    if (route.body || !route.consumes.empty()) errors.insert({413, 415});
    for (int status : errors) responses[std::to_string(status)] = error_response(status);
    operation["responses"] = std::move(responses);
    if (route.is_public) operation["security"] = json::array();
    // The ability the route's guard enforces: for readers, and for the role-matrix test.
    if (route.ability)
      operation["x-ability"] = json::object{{"action", route.ability->action}, {"subject", route.ability->subject}};

    std::string path = openapi_path(route.path);
    if (!paths.contains(path)) paths[path] = json::object();
    paths[path].as_object()[lower(route.method)] = std::move(operation);
  }

  json::object components_schemas = shared_components();
  for (const auto& [name, s] : emitter.components()) components_schemas[name] = s;

  json::array tag_list;
  for (const auto& t : tags) tag_list.push_back(json::object{{"name", t}});

  json::object info_object{{"title", info.title}, {"version", info.version}};
  if (!info.description.empty()) info_object["description"] = info.description;
  return json::object{
      {"openapi", "3.1.0"},
      {"info", std::move(info_object)},
      {"tags", std::move(tag_list)},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", std::move(components_schemas)},
        {"securitySchemes",
         {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}}},
      {"security", json::array{json::object{{"bearerAuth", json::array()}}}},
  };
}

}  // namespace crest
