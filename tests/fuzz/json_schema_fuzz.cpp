// A request body: Boost.JSON with the pipeline's depth limit, then one schema that uses every kind
// and modifier of the DSL. Validation reports errors; it never throws.
#include <boost/json.hpp>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "core/schema/schema.hpp"
#include "property.hpp"

namespace {

namespace json = boost::json;
using namespace crest::schema;

const Schema& company() {
  static const Schema address = object({
      {"street", string().trim().min(1).max(200)},
      {"city", string().trim().min(1).max(100)},
      {"zip", string().regex("^[0-9]{5}$", "Must be five digits").optional()},
  });
  static const Schema activity = discriminated_union({
      object({{"kind", literal("Call")}, {"minutes", integer().min(1).max(600)}}),
      object({{"kind", literal("Email Sent")}, {"to", string().email()}, {"at", datetime()}}),
      object({{"kind", literal("None")}}),
  });
  static const Schema s = object({
      {"name", string().trim().min(1).max(200)},
      {"email", string().email()},
      {"id", string().uuid().optional()},
      {"website", string().url().nullable().optional()},
      {"domain", string().max(253).regex("^[a-z0-9.-]+\\.[a-z]{2,}$", "Must be a domain name").optional()},
      {"status", enumeration({"Active", "Prospect", "Churned"}).default_value("Prospect")},
      {"score", number().min(0).max(100).optional()},
      {"employees", integer().min(0).max(10'000'000).nullable().optional()},
      {"public", boolean().default_value(false)},
      {"foundedAt", datetime().nullable().optional()},
      {"tags", array(string().trim().min(1).max(40)).max(20).default_value(json::array())},
      {"address", address.nullable().optional()},
      {"amount", union_of({integer().min(0), string().regex("^[0-9]+(\\.[0-9]{1,2})?$", "Must be money")}).optional()},
      {"lastActivity", activity.optional()},
      {"history", array(activity).min(0).max(50).optional()},
      {"metadata", object({}).passthrough().optional()},
      {"extra", any().optional()},
  });
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  json::parse_options options;
  options.max_depth = 64;
  boost::system::error_code ec;
  json::value body = json::parse(json::string_view(reinterpret_cast<const char*>(data), size), ec,
                                 json::storage_ptr(), options);
  if (ec) return 0;
  try {
    company().validate(body, Mode::Json);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "validate threw: %s\n", error.what());
    crest::fuzz::require(false, "validation never throws");
  }
  return 0;
}
