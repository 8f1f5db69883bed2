#include "app/contracts.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/schema/schema_node.hpp"
#include "core/schema/zod_emitter.hpp"

namespace crest::app {
namespace json = boost::json;

namespace {

std::string pascal_case(const Route& route) {
  std::string id;
  bool upper = true;
  std::string method = route.method;
  for (char c : method + "/" + route.path) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                  : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      upper = false;
    } else {
      upper = true;
      if (c == ':') id += "By";
    }
  }
  return id;
}

schema::Schema named(const schema::Schema& s, const std::string& fallback) {
  return s.node().name.empty() ? s.name(fallback) : s;
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

constexpr const char* kEnvelopes = R"(export const FieldError = z.object({ path: z.string(), code: z.string(), message: z.string() });
export const ErrorEnvelope = z.object({
  success: z.literal(false),
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  details: z.array(FieldError).optional(),
  requestId: z.string(),
  timestamp: z.string().datetime({ offset: true }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
export const PageMeta = z.object({
  total: z.number().int(), page: z.number().int(), limit: z.number().int(),
  totalPages: z.number().int(), hasNextPage: z.boolean(), hasPrevPage: z.boolean(),
});
export type PageMeta = z.infer<typeof PageMeta>;
export const envelope = <T extends z.ZodTypeAny>(data: T) =>
  z.object({ success: z.literal(true), data, timestamp: z.string().datetime({ offset: true }) });
export const pageEnvelope = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ success: z.literal(true), data: z.array(item), meta: PageMeta, timestamp: z.string().datetime({ offset: true }) });

)";

}  // namespace

std::string contracts_source(const Router& router) {
  schema::ZodEmitter emitter;
  json::array routes;
  for (const auto& route_ptr : router.routes()) {
    const Route& route = *route_ptr;
    if (route.hidden) continue;
    std::string base = pascal_case(route);
    json::object entry{{"method", route.method}, {"path", route.path}};
    auto add = [&](const std::optional<schema::Schema>& s, const std::string& suffix, const char* key) {
      if (!s) return;
      auto schema = named(*s, base + suffix);
      emitter.add(schema);
      entry[key] = schema.node().name;
    };
    add(route.params, "Params", "params");
    add(route.query, "Query", "query");
    add(route.body, "Body", "body");
    for (const auto& spec : route.responses) {
      if (!spec.data || route.produces != "application/json") continue;
      auto schema = named(*spec.data, base + "Response" + std::to_string(spec.status));
      emitter.add(schema);
      entry["response"] = schema.node().name;
      entry["paginated"] = spec.paginated;
    }
    routes.push_back(std::move(entry));
  }
  std::string source = emitter.source();
  source += kEnvelopes;
  source += "export const routes = " + json::serialize(routes) + " as const;\n";
  return source;
}

void write_contracts_package(const Router& router, const std::string& out_dir,
                             const std::string& version) {
  namespace fs = std::filesystem;
  fs::path root(out_dir);
  fs::create_directories(root / "src");
  write_file(root / "src" / "index.ts", contracts_source(router));
  json::object package{
      {"name", "@crest/contracts"},
      {"version", version},
      {"description", "Request and view contracts of the crest API (generated)"},
      {"main", "dist/index.js"},
      {"types", "dist/index.d.ts"},
      {"scripts", {{"build", "tsc -p ."}}},
      {"peerDependencies", {{"zod", "^3.23.0"}}},
      {"devDependencies", {{"typescript", "^5.4.0"}, {"zod", "^3.23.0"}}},
  };
  write_file(root / "package.json", json::serialize(package) + "\n");
  write_file(root / "tsconfig.json", R"({
  "compilerOptions": {
    "target": "ES2020", "module": "commonjs", "declaration": true, "strict": true,
    "outDir": "dist", "rootDir": "src", "skipLibCheck": true, "esModuleInterop": true
  },
  "include": ["src"]
}
)");
}

}  // namespace crest::app
