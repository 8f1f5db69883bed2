#include "core/ops/operational_routes.hpp"

#include <boost/json.hpp>

#include <memory>
#include <mutex>

#include "core/errors.hpp"
#include "core/ops/swagger_ui.hpp"
#include "core/schema/schema.hpp"

namespace crest {
namespace json = boost::json;
using namespace crest::schema;

namespace {

http::Response text(std::string body, std::string content_type) {
  http::Response response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.set_header("Cache-Control", "no-cache");
  return response;
}

const Schema& live_view() {
  static const Schema s = object({{"status", literal("ok")}}).name("LiveView");
  return s;
}

const Schema& ready_view() {
  static const Schema s = object({{"status", literal("ok")},
                                  {"checks", object({}).passthrough()}})
                              .name("ReadyView");
  return s;
}

}  // namespace

void OperationalModule::register_routes(ModuleContext& ctx) {
  Router& r = ctx.router;
  Health& health = ctx.health;
  Metrics& metrics = ctx.metrics;

  r.get("/health/live").summary("Liveness: the process is up").tag("Health").public_route()
      .response(200, live_view())
      .handle([](RequestContext&) -> boost::asio::awaitable<Reply> {
        co_return Reply::ok(View{{"status", "ok"}});
      });

  r.get("/health/ready").summary("Readiness: dependencies reachable and not draining")
      .tag("Health").public_route().response(200, ready_view())
      .handle([&health](RequestContext&) -> boost::asio::awaitable<Reply> {
        Readiness readiness = co_await health.readiness();
        if (!readiness.ready) {
          std::vector<FieldError> details;
          for (const auto& [name, check] : readiness.checks) {
            const auto& entry = check.as_object();
            if (entry.at("status") == "down")
              details.push_back({std::string(name), "down",
                                 entry.contains("detail") ? json::value_to<std::string>(entry.at("detail")) : ""});
          }
          throw HttpError(503, "Not ready", std::move(details));
        }
        co_return Reply::ok(json::object{{"status", "ok"}, {"checks", readiness.checks}});
      });

  r.get("/metrics").summary("Prometheus metrics").tag("Health").public_route()
      .produces("text/plain; version=0.0.4").response(200, string().max(1e9))
      .handle([&metrics](RequestContext&) -> boost::asio::awaitable<Reply> {
        co_return Reply::send(text(metrics.render(), "text/plain; version=0.0.4; charset=utf-8"));
      });

  // The document is built on first request, after every module has registered its routes.
  auto document = std::make_shared<std::pair<std::once_flag, std::string>>();
  r.get("/openapi.json").summary("OpenAPI 3.1 document").tag("Docs").public_route().hidden()
      .handle([&r, info = info_, document](RequestContext&) -> boost::asio::awaitable<Reply> {
        std::call_once(document->first, [&] { document->second = json::serialize(build_openapi(r, info)); });
        co_return Reply::send(text(document->second, "application/json; charset=utf-8"));
      });

  r.get("/docs").summary("Swagger UI").public_route().hidden()
      .handle([](RequestContext&) -> boost::asio::awaitable<Reply> {
        co_return Reply::send(text(std::string(swagger_ui_index_html()), "text/html; charset=utf-8"));
      });
  r.get("/docs/swagger-ui.css").public_route().hidden()
      .handle([](RequestContext&) -> boost::asio::awaitable<Reply> {
        co_return Reply::send(text(std::string(swagger_ui_css()), "text/css; charset=utf-8"));
      });
  r.get("/docs/swagger-ui-bundle.js").public_route().hidden()
      .handle([](RequestContext&) -> boost::asio::awaitable<Reply> {
        co_return Reply::send(text(std::string(swagger_ui_bundle_js()), "application/javascript; charset=utf-8"));
      });
  r.get("/docs/swagger-initializer.js").public_route().hidden()
      .handle([](RequestContext&) -> boost::asio::awaitable<Reply> {
        co_return Reply::send(text(
            "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui', "
            "deepLinking: true, persistAuthorization: true});\n",
            "application/javascript; charset=utf-8"));
      });
}

}  // namespace crest
