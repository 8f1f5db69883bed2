#include "core/pipeline/interceptors.hpp"

#include <cmath>

#include "core/log/log.hpp"
#include "core/util/json_text.hpp"
#include "core/pipeline/route.hpp"

namespace crest {

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

void AccessLogInterceptor::after(const RequestContext& ctx, http::Response& response) {
  log::Level level = response.status >= 500   ? log::Level::Error
                     : response.status >= 400 ? log::Level::Warn
                                              : log::Level::Info;
  if (!log::enabled(level)) return;
  double ms = std::round(seconds_since(ctx.started) * 1'000'000.0) / 1000.0;
  std::string members;
  members.reserve(256);
  members += R"("reqId":)";
  append_json_string(members, ctx.request_id);
  members += R"(,"req":{"method":)";
  append_json_string(members, ctx.request.method);
  members += R"(,"url":)";
  append_json_string(members, ctx.request.target);
  members += R"(,"remoteAddress":)";
  append_json_string(members, ctx.request.remote_ip);
  members += R"(},"res":{"statusCode":)";
  append_json_number(members, static_cast<std::int64_t>(response.status));
  members += R"(},"responseTime":)";
  append_json_number(members, ms);
  log::write_members(level, "request completed", members);
}

void MetricsInterceptor::after(const RequestContext& ctx, http::Response& response) {
  std::string_view route = ctx.route ? std::string_view(ctx.route->path) : "unmatched";
  metrics_.observe_request(ctx.request.method, route, response.status, seconds_since(ctx.started));
}

}  // namespace crest
