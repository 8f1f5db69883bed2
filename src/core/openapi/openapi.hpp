#pragma once
// OpenAPI 3.1 from the route declarations: paths, parameters, bodies, enveloped responses,
// the error envelope, bearer security and tags.
#include <boost/json/value.hpp>

#include <string>

#include "core/pipeline/router.hpp"

namespace crest {

struct ApiInfo {
  std::string title = "crest API";
  std::string version = "0.1.0";
  std::string description;
};

boost::json::value build_openapi(const Router& router, const ApiInfo& info);

}  // namespace crest
