// Micro-benchmarks of the request path's pure pieces: routing, validation, envelope.
#include <benchmark/benchmark.h>
#include <boost/json.hpp>

#include "core/pipeline/envelope.hpp"
#include "core/pipeline/router.hpp"
#include "core/schema/schema.hpp"

namespace {
using namespace crest;
using namespace crest::schema;

void RouterMatch(benchmark::State& state) {
  Router router;
  for (const char* resource : {"companies", "contacts", "deals", "activities", "members", "invitations"}) {
    std::string base = std::string("/api/v1/") + resource;
    for (const char* method : {"GET", "POST"}) router.add(method, base);
    for (const char* method : {"GET", "PATCH", "DELETE"}) router.add(method, base + "/:id");
  }
  for (auto _ : state) benchmark::DoNotOptimize(router.match("GET", "/api/v1/deals/0192f1a2-7b3c-7d4e-8f00-112233445566"));
}
BENCHMARK(RouterMatch);

void ValidateCreateCompany(benchmark::State& state) {
  auto schema = object({{"name", string().trim().min(1).max(200)},
                        {"domain", string().max(253).optional()},
                        {"industry", enumeration({"Technology", "Healthcare", "Finance", "Other"})},
                        {"employeeRange", enumeration({"1-10", "11-50", "51-200"})},
                        {"ownerId", string().uuid().optional()}});
  auto input = boost::json::parse(R"({"name":" Acme ","domain":"acme.io","industry":"Finance","employeeRange":"11-50","ownerId":"0192f1a2-7b3c-7d4e-8f00-112233445566"})");
  for (auto _ : state) benchmark::DoNotOptimize(schema.validate(input));
}
BENCHMARK(ValidateCreateCompany);

void SuccessEnvelope(benchmark::State& state) {
  // A company view as GET /companies/:id sends it.
  Reply reply = Reply::ok(boost::json::parse(R"({"id":"01a22cc3-2a65-73a8-a174-0c579d40f19c","name":"Company 1999",
      "domain":"company1999.com","industry":"Technology","employeeRange":"11-50","status":"Prospect",
      "owner":{"id":"01a22cc3-0f7c-764c-82ca-242204af9611","name":"Bench","email":"bench@example.com"},
      "contactsCount":0,"openDealsCount":0,"pipelineValue":{"amountCents":0,"currency":"USD","label":"$0"},
      "lastActivity":{"kind":"None"},"createdAt":"2026-11-30T14:01:57.605Z","updatedAt":"2026-11-30T14:01:57.605Z"})"));
  for (auto _ : state) benchmark::DoNotOptimize(success_envelope(reply));
}
BENCHMARK(SuccessEnvelope);

}  // namespace

BENCHMARK_MAIN();
