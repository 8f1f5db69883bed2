#pragma once
// The built-in interceptors: one access log line and one metrics observation per request.
#include "core/metrics/metrics.hpp"
#include "core/pipeline/interceptor.hpp"

namespace crest {

// Pino-http's access line: level 30/40/50 by status, req, res, responseTime, reqId.
class AccessLogInterceptor : public Interceptor {
 public:
  std::string_view name() const override { return "access-log"; }
  void after(const RequestContext& ctx, http::Response& response) override;
};

class MetricsInterceptor : public Interceptor {
 public:
  explicit MetricsInterceptor(Metrics& metrics) : metrics_(metrics) {}
  std::string_view name() const override { return "metrics"; }
  void after(const RequestContext& ctx, http::Response& response) override;

 private:
  Metrics& metrics_;
};

}  // namespace crest
