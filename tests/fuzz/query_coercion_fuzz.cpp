// A query string as the pipeline reads one: parse_query (400 on a bad escape), then a list
// endpoint's query schema in Coerce mode, where strings become integers, booleans and enums.
#include <boost/json/value.hpp>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <string_view>

#include "core/errors.hpp"
#include "core/pipeline/request_input.hpp"
#include "core/schema/schema.hpp"
#include "property.hpp"

namespace {

using namespace crest::schema;

const Schema& list_query() {
  static const Schema s = object({
      {"page", integer().min(1).max(10'000).default_value(1)},
      {"limit", integer().min(1).max(100).default_value(20)},
      {"sortBy", enumeration({"createdAt", "updatedAt", "name", "amount"}).default_value("createdAt")},
      {"order", enumeration({"asc", "desc"}).optional()},
      {"archived", boolean().default_value(false)},
      {"minAmount", number().min(0).optional()},
      {"updatedSince", datetime().optional()},
      {"search", string().trim().max(200).optional()},
      {"ownerId", array(string().uuid()).max(20).optional()},  // repeated keys arrive as an array
  });
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::json::value query;
  try {
    query = crest::parse_query(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const crest::HttpError&) {
    return 0;
  }
  try {
    list_query().validate(query, Mode::Coerce);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "validate threw: %s\n", error.what());
    crest::fuzz::require(false, "validation never throws");
  }
  return 0;
}
