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
// Whether a Content-Type names media_type ("text/csv; charset=utf-8" names "text/csv"), in any case.
bool has_media_type(std::string_view content_type, std::string_view media_type);

}  // namespace crest
