#include "core/pipeline/interceptors.hpp"

#include <boost/json.hpp>

#include "core/log/log.hpp"
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
  double ms = seconds_since(ctx.started) * 1000.0;
  log::write(level, "request completed",
             {{"reqId", ctx.request_id},
              {"req", {{"method", ctx.request.method},
                       {"url", ctx.request.target},
                       {"remoteAddress", ctx.request.remote_ip}}},
              {"res", {{"statusCode", response.status}}},
              {"responseTime", std::round(ms * 1000.0) / 1000.0}});
}

void MetricsInterceptor::after(const RequestContext& ctx, http::Response& response) {
  std::string_view route = ctx.route ? std::string_view(ctx.route->path) : "unmatched";
  metrics_.observe_request(ctx.request.method, route, response.status, seconds_since(ctx.started));
}

}  // namespace crest
