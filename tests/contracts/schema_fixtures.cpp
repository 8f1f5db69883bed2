// Writes a TypeScript + Zod module for a set of fixture schemas that exercise the whole DSL, and
// cases.json with sample payloads and the C++ verdict for each. check_schema_fixtures.mjs then
// checks that Zod accepts and refuses the same payloads with the same paths and codes.
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "core/schema/schema.hpp"
#include "core/schema/zod_emitter.hpp"

namespace {
using namespace crest::schema;
namespace json = boost::json;

std::map<std::string, Schema> fixtures() {
  return {
      {"Order", object({{"email", string().email()},
                        {"name", string().trim().min(1).max(10)},
                        {"quantity", integer().min(1).max(5)},
                        {"price", number().min(0)},
                        {"status", enumeration({"New", "Proposal Sent"}).default_value("New")},
                        {"tags", array(string().max(5)).max(2).optional()},
                        {"website", string().url().nullable().optional()},
                        {"id", string().uuid().optional()},
                        {"at", datetime().optional()},
                        {"code", string().regex("^[A-Z]{3}$", "Must be three capitals").optional()}})
                    .name("Order")},
      {"Activity", discriminated_union({object({{"kind", literal("None")}}),
                                        object({{"kind", literal("Email Sent")},
                                                {"at", datetime()},
                                                {"label", string().max(50)}})})
                       .name("Activity")},
      {"Range", object({{"from", integer()}, {"to", integer()}})
                    .refine([](const json::value& v) {
                              return v.at("from").to_number<double>() <= v.at("to").to_number<double>();
                            },
                            "from must not be after to", "v.from <= v.to")
                    .name("Range")},
      {"IdOrEmail", union_of({string().uuid(), string().email()}).name("IdOrEmail")},
      {"Flags", object({{"active", boolean()}, {"owner", object({{"id", string().uuid()}}).nullable()}})
                    .name("Flags")},
  };
}

struct Case {
  const char* schema;
  const char* input;
  bool expected_ok;
};

constexpr Case kCases[] = {
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0})", true},
    {"Order", R"({"email":"a.b+c@x.example.com","name":"  Ann  ","quantity":5,"price":9.5,"status":"Proposal Sent","tags":["a","b"],"website":"https://x.io/p?q=1","id":"0192f1a2-7b3c-7d4e-8f00-112233445566","at":"2024-02-29T10:00:00+02:00","code":"USD"})", true},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0,"website":null})", true},
    {"Order", R"({"name":"Ann","quantity":1,"price":0})", false},
    {"Order", R"({"email":"not-an-email","name":"Ann","quantity":1,"price":0})", false},
    {"Order", R"({"email":"a..b@x.io","name":"Ann","quantity":1,"price":0})", false},
    {"Order", R"({"email":"a@b.io","name":"  abcdefghijk  ","quantity":1,"price":0})", false},
    {"Order", R"({"email":"a@b.io","name":"   ","quantity":1,"price":0})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":2.5,"price":0})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":"3","price":0})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":0,"price":-1})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0,"status":"Won"})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0,"tags":["a","b","c"]})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0,"tags":["abcdef"]})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0,"isAdmin":true})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0,"website":"nope"})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0,"id":"1234"})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0,"at":"2026-13-01T00:00:00Z"})", false},
    {"Order", R"({"email":"a@b.io","name":"Ann","quantity":1,"price":0,"code":"usd"})", false},
    {"Order", R"({"email":5,"name":null,"quantity":true,"price":"0"})", false},
    {"Order", R"([1,2])", false},
    {"Activity", R"({"kind":"None"})", true},
    {"Activity", R"({"kind":"Email Sent","at":"2026-01-02T03:04:05.678Z","label":"3 days ago"})", true},
    {"Activity", R"({"kind":"Email Sent","label":"x"})", false},
    {"Activity", R"({"kind":"Call"})", false},
    {"Activity", R"({"kind":"None","extra":1})", false},
    {"Range", R"({"from":1,"to":2})", true},
    {"Range", R"({"from":3,"to":2})", false},
    {"Range", R"({"from":"3","to":2})", false},
    {"IdOrEmail", R"("a@b.io")", true},
    {"IdOrEmail", R"("0192f1a2-7b3c-7d4e-8f00-112233445566")", true},
    {"IdOrEmail", R"(5)", false},
    {"IdOrEmail", R"("neither")", false},
    {"Flags", R"({"active":false,"owner":null})", true},
    {"Flags", R"({"active":"yes","owner":{"id":"x"}})", false},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: schema_fixtures OUT_DIR\n";
    return 2;
  }
  namespace fs = std::filesystem;
  fs::path out(argv[1]);
  fs::create_directories(out / "src");
  auto schemas = fixtures();
  ZodEmitter emitter;
  for (const auto& [name, schema] : schemas) emitter.add(schema);
  std::ofstream(out / "src" / "index.ts") << emitter.source();
  std::ofstream(out / "tsconfig.json")
      << R"({"compilerOptions":{"target":"ES2020","module":"commonjs","strict":true,"outDir":"dist","rootDir":"src","skipLibCheck":true},"include":["src"]})";

  json::array cases;
  int disagreements = 0;
  for (const auto& c : kCases) {
    auto input = json::parse(c.input);
    auto result = schemas.at(c.schema).validate(input);
    if (result.ok() != c.expected_ok) {
      std::cerr << "C++ verdict differs from the expected one: " << c.schema << " " << c.input << "\n";
      ++disagreements;
    }
    json::array issues;
    for (const auto& e : result.errors) issues.push_back(json::object{{"path", e.path}, {"code", e.code}});
    cases.push_back(json::object{{"schema", c.schema}, {"input", input}, {"ok", result.ok()}, {"issues", issues}});
  }
  std::ofstream(out / "cases.json") << json::serialize(cases);
  return disagreements == 0 ? 0 : 1;
}
