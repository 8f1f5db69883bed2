#pragma once
// Turning the raw request into JSON values for validation: path params, query string, body.
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "core/http/request.hpp"

namespace crest {

boost::json::value params_object(const std::vector<std::pair<std::string, std::string>>& params);
// "a=1&b=x%20y&a=2" -> {"a":["1","2"],"b":"x y"}; values stay strings (the schema coerces).
boost::json::value parse_query(std::string_view query);
// The body as JSON: {} when empty; 415 for a non-JSON content type; 400 naming the position of
// the first malformed byte.
boost::json::value parse_json_body(const http::Request& request);

}  // namespace crest
