#pragma once
#include <string_view>

namespace crest {

// Swagger UI's files, embedded at build time from npm's swagger-ui-dist.
std::string_view swagger_ui_css();
std::string_view swagger_ui_bundle_js();
std::string_view swagger_ui_index_html();

}  // namespace crest
