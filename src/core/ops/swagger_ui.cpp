#include "core/ops/swagger_ui.hpp"

extern "C" {
extern const char crest_asset_swagger_ui_css_begin[];
extern const char crest_asset_swagger_ui_css_end[];
extern const char crest_asset_swagger_ui_bundle_js_begin[];
extern const char crest_asset_swagger_ui_bundle_js_end[];
}

namespace crest {

std::string_view swagger_ui_css() {
  return {crest_asset_swagger_ui_css_begin,
          static_cast<std::size_t>(crest_asset_swagger_ui_css_end - crest_asset_swagger_ui_css_begin)};
}

std::string_view swagger_ui_bundle_js() {
  return {crest_asset_swagger_ui_bundle_js_begin,
          static_cast<std::size_t>(crest_asset_swagger_ui_bundle_js_end -
                                   crest_asset_swagger_ui_bundle_js_begin)};
}

std::string_view swagger_ui_index_html() {
  return R"(<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>crest API docs</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-initializer.js"></script>
</body>
</html>
)";
}

}  // namespace crest
