#pragma once
// The request pipeline: route match -> interceptors (before) -> guards -> schema validation ->
// handler -> envelope -> interceptors (after); every error goes through the exception filter.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/http/client_address.hpp"
#include "core/http/server.hpp"
#include "core/pipeline/audit_sink.hpp"
#include "core/pipeline/exception_filter.hpp"
#include "core/pipeline/guard.hpp"
#include "core/pipeline/interceptor.hpp"
#include "core/pipeline/router.hpp"

namespace crest {

struct PipelineOptions {
  std::size_t default_body_limit = 1024 * 1024;
  std::vector<std::string> cors_origins;  // "*" allows any
  bool check_responses = true;            // validate replies against declared schemas (not in production)
  std::chrono::seconds hsts_max_age{0};   // Strict-Transport-Security on every response when > 0
  http::TrustedProxies trusted_proxies;   // whose X-Forwarded-For names the client
};

class Pipeline : public http::RequestHandler {
 public:
  Pipeline(Router& router, PipelineOptions options);

  void use(std::shared_ptr<Guard> guard) { guards_.push_back(std::move(guard)); }
  void use(std::shared_ptr<Interceptor> interceptor) { interceptors_.push_back(std::move(interceptor)); }
  void use(std::shared_ptr<AuditSink> audit) { audit_ = std::move(audit); }

  std::size_t body_limit(const http::Request& head) const override;
  bool streams_body(const http::Request& head) const override;
  boost::asio::awaitable<http::Response> handle(http::Request& request) override;
  http::Response reject(const http::Request& head, const HttpError& error) override;

  const Router& router() const noexcept { return router_; }

 private:
  boost::asio::awaitable<void> run_route(RequestContext& ctx, const RouteMatch& match,
                                         http::Response& response);
  boost::asio::awaitable<Reply> guard_validate_and_handle(RequestContext& ctx, const RouteMatch& match);
  void validate_input(RequestContext& ctx, const RouteMatch& match) const;
  http::Response render(const RequestContext& ctx, Reply reply) const;
  http::Response preflight(const RequestContext& ctx, const std::string& allow) const;
  void finish(RequestContext& ctx, http::Response& response) const;
  void security_headers(const RequestContext& ctx, http::Response& response) const;

  Router& router_;
  PipelineOptions options_;
  ExceptionFilter filter_;
  std::vector<std::shared_ptr<Guard>> guards_;
  std::vector<std::shared_ptr<Interceptor>> interceptors_;
  std::shared_ptr<AuditSink> audit_;
};

// The request id for a request: its X-Request-Id when sane, otherwise a new UUIDv7.
std::string request_id_for(const http::Request& request);

}  // namespace crest
