#include "core/pipeline/pipeline.hpp"

#include <boost/json.hpp>

#include "core/log/log.hpp"
#include "core/pipeline/envelope.hpp"
#include "core/pipeline/request_input.hpp"
#include "core/util/percent_encoding.hpp"
#include "core/util/uuid.hpp"

namespace crest {
namespace json = boost::json;

std::string request_id_for(const http::Request& request) {
  std::string_view given = request.header("x-request-id");
  bool sane = !given.empty() && given.size() <= 128 &&
              std::all_of(given.begin(), given.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                       c == '.' || c == ':';
              });
  return sane ? std::string(given) : uuid_v7();
}

Pipeline::Pipeline(Router& router, PipelineOptions options)
    : router_(router), options_(std::move(options)) {}

std::size_t Pipeline::body_limit(const http::Request& head) const {
  RouteMatch match = router_.match(head.method, head.path);
  if (match.route && match.route->body_limit) return match.route->body_limit;
  return options_.default_body_limit;
}

bool Pipeline::streams_body(const http::Request& head) const {
  RouteMatch match = router_.match(head.method, head.path);
  return match.route && match.route->streams_body;
}

boost::asio::awaitable<http::Response> Pipeline::handle(http::Request& request) {
  if (!options_.trusted_proxies.empty())
    request.remote_ip = options_.trusted_proxies.client_address(request, request.remote_ip);
  RequestContext ctx(request, request_id_for(request));
  http::Response response;
  try {
    for (auto& interceptor : interceptors_) interceptor->before(ctx);
    require_percent_decodes(request.path, "the path");
    RouteMatch match = router_.match(request.method, request.path);
    ctx.route = match.route;
    if (!match.route) {
      if (match.allow.empty())
        throw NotFound("Cannot " + request.method + " " + request.path);
      if (request.method != "OPTIONS") throw MethodNotAllowed(match.allow);
      response = preflight(ctx, match.allow);
    } else {
      co_await run_route(ctx, match, response);
    }
  } catch (...) {
    response = filter_.to_response(std::current_exception(), ctx);
  }
  finish(ctx, response);
  co_return response;
}

boost::asio::awaitable<Reply> Pipeline::guard_validate_and_handle(RequestContext& ctx, const RouteMatch& match) {
  for (auto& guard : guards_)
    if (guard->applies(*match.route)) co_await guard->check(ctx);
  validate_input(ctx, match);
  Reply reply = co_await match.route->handler(ctx);
  co_return reply;
}

boost::asio::awaitable<void> Pipeline::run_route(RequestContext& ctx, const RouteMatch& match,
                                                 http::Response& response) {
  ctx.raw_params = match.params;
  if (!match.route->audit || !audit_) {
    Reply reply = co_await guard_validate_and_handle(ctx, match);
    response = render(ctx, std::move(reply));
    co_return;
  }
  // An audited route: a denied or failed attempt gets a Failure entry (the work rolled back), a
  // success its entry if no tenant transaction wrote it. (No co_await inside a catch block.)
  std::exception_ptr failure;
  int status = 500;
  Reply reply;
  try {
    reply = co_await guard_validate_and_handle(ctx, match);
  } catch (const HttpError& e) {
    failure = std::current_exception();
    status = e.status();
  } catch (...) {
    failure = std::current_exception();
  }
  try {
    if (failure && ctx.principal) co_await audit_->failure(ctx, status);
    if (!failure && !ctx.audit.written) co_await audit_->success(ctx);
  } catch (const std::exception& e) {
    log::error("cannot write the audit entry", {{"reqId", ctx.request_id}, {"err", e.what()}});
  }
  if (failure) std::rethrow_exception(failure);
  response = render(ctx, std::move(reply));
}

void Pipeline::validate_input(RequestContext& ctx, const RouteMatch& match) const {
  const Route& route = *match.route;
  std::vector<FieldError> errors;
  auto check = [&](const std::optional<schema::Schema>& schema, const json::value& input,
                   schema::Mode mode, json::value& out) {
    if (!schema) {
      out = input;
      return;
    }
    auto result = schema->validate(input, mode);
    errors.insert(errors.end(), result.errors.begin(), result.errors.end());
    out = std::move(result.value);
  };
  if (!match.params.empty())
    check(route.params, params_object(match.params), schema::Mode::Coerce, ctx.params);
  if (route.query || !ctx.request.query.empty())
    check(route.query, parse_query(ctx.request.query), schema::Mode::Coerce, ctx.query);
  if (!route.consumes.empty() && !has_media_type(ctx.request.header("content-type"), route.consumes))
    throw UnsupportedMediaType("Content-Type must be " + route.consumes);
  if (route.body) {
    check(route.body, parse_json_body(ctx.request), schema::Mode::Json, ctx.body);
    // A PATCH that names nothing to change is a client mistake, not a no-op to audit.
    if (route.method == "PATCH" && errors.empty() && ctx.body.is_object() && ctx.body.get_object().empty())
      errors.push_back({"", "too_small", "The body must name at least one field to change"});
  }
  if (!errors.empty()) throw BadRequest("Validation failed", std::move(errors));
}

http::Response Pipeline::render(const RequestContext& ctx, Reply reply) const {
  if (reply.raw) {
    for (auto& header : reply.headers) reply.raw->set_header(header.first, header.second);
    return std::move(*reply.raw);
  }
  if (options_.check_responses) {
    const Route& route = *ctx.route;
    for (const auto& spec : route.responses) {
      if (spec.status != reply.status || !spec.data) continue;
      auto schema = spec.paginated ? schema::array(*spec.data) : *spec.data;
      auto result = schema.validate(reply.view ? json::parse(*reply.view) : reply.data);
      if (!result.ok()) {
        log::error("response does not match its declared schema",
                   {{"reqId", ctx.request_id},
                    {"route", route.path},
                    {"path", result.errors.front().path},
                    {"err", result.errors.front().message}});
        throw HttpError(500, "Internal server error");
      }
    }
  }
  http::Response response;
  response.status = reply.status;
  if (reply.status != 204) response.body = success_envelope(reply);
  response.headers = std::move(reply.headers);
  return response;
}

http::Response Pipeline::preflight(const RequestContext& ctx, const std::string& allow) const {
  http::Response response;
  response.status = 204;
  response.set_header("Allow", allow);
  std::string_view origin = ctx.request.header("origin");
  if (!origin.empty() && !ctx.request.header("access-control-request-method").empty()) {
    response.set_header("Access-Control-Allow-Methods", allow);
    std::string_view requested = ctx.request.header("access-control-request-headers");
    response.set_header("Access-Control-Allow-Headers",
                        requested.empty() ? "Authorization, Content-Type, X-Request-Id"
                                          : std::string(requested));
    response.set_header("Access-Control-Max-Age", "600");
  }
  return response;
}

namespace {

bool has_header(const http::Response& response, std::string_view name) {
  return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& header) {
    return header.first.size() == name.size() &&
           std::equal(name.begin(), name.end(), header.first.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
  });
}

// Swagger UI loads its own scripts and styles from /docs and sets inline styles; nothing else.
constexpr const char* kDocsContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'";

}  // namespace

void Pipeline::security_headers(const RequestContext& ctx, http::Response& response) const {
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  // API answers carry tokens and tenant data: no shared or browser cache keeps them unless a
  // route says otherwise (the operational routes and the docs assets do).
  if (!has_header(response, "Cache-Control")) response.headers.emplace_back("Cache-Control", "no-store");
  if (ctx.request.path.starts_with("/docs"))
    response.headers.emplace_back("Content-Security-Policy", kDocsContentSecurityPolicy);
  if (options_.hsts_max_age.count() > 0)
    response.headers.emplace_back("Strict-Transport-Security",
                                  "max-age=" + std::to_string(options_.hsts_max_age.count()) + "; includeSubDomains");
}

void Pipeline::finish(RequestContext& ctx, http::Response& response) const {
  for (auto& header : ctx.response_headers) response.set_header(header.first, header.second);
  response.set_header("X-Request-Id", ctx.request_id);
  security_headers(ctx, response);
  std::string_view origin = ctx.request.header("origin");
  if (!origin.empty() && !options_.cors_origins.empty()) {
    const auto& allowed = options_.cors_origins;
    bool any = std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
    if (any || std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) {
      response.set_header("Access-Control-Allow-Origin", any ? "*" : std::string(origin));
      response.set_header("Access-Control-Expose-Headers",
                          "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset");
      if (!any) response.set_header("Vary", "Origin");
    }
  }
  for (auto it = interceptors_.rbegin(); it != interceptors_.rend(); ++it) (*it)->after(ctx, response);
}

http::Response Pipeline::reject(const http::Request& head, const HttpError& error) {
  RequestContext ctx(head, request_id_for(head));
  ctx.route = router_.match(head.method, head.path).route;
  http::Response response = filter_.to_response(error, ctx.request_id);
  finish(ctx, response);
  return response;
}

}  // namespace crest
