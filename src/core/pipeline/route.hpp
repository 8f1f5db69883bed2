#pragma once
// A route is declared once, fluently, with everything a NestJS decorator would carry; the same
// declaration drives validation, guards, OpenAPI and the contracts package.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/pipeline/context.hpp"
#include "core/schema/schema.hpp"

namespace crest {

using Handler = std::function<boost::asio::awaitable<Reply>(RequestContext&)>;

struct Ability {
  std::string action;   // Manage | Create | Read | Update | Delete
  std::string subject;  // Company, Contact, ...
};

// What a throttle counts by: the client IP, a top-level body field, or both. A field is trimmed
// and lower-cased (" Ann@X.com" and "ann@x.com" are one bucket); a `hashed` one is keyed by its
// SHA-256, so a secret sent in it (a refresh token) never becomes a key in the store.
struct ThrottleBy {
  bool ip = true;
  std::string field;
  bool hashed = false;

  static ThrottleBy client_ip() { return {}; }
  static ThrottleBy body_field(std::string name) { return {false, std::move(name), false}; }
  static ThrottleBy ip_and_field(std::string name) { return {true, std::move(name), false}; }
  static ThrottleBy ip_and_hashed_field(std::string name) { return {true, std::move(name), true}; }
};

struct Throttle {
  int limit = 0;
  std::chrono::seconds window{60};
  ThrottleBy by;
};

struct AuditSpec {
  std::string action;
  std::string subject;
};

struct ResponseSpec {
  int status = 200;
  std::optional<schema::Schema> data;  // empty: no body (e.g. 204)
  bool paginated = false;              // data is an array and the envelope carries meta
  std::string description;
};

// A list response: `data` is an array of `item` and the envelope carries pagination meta.
struct PageOf {
  schema::Schema item;
};
inline PageOf page_of(schema::Schema item) { return PageOf{std::move(item)}; }

struct Route {
  std::string method;
  std::string path;  // "/api/v1/companies/:id"
  std::string summary;
  std::string description;
  std::string operation_id;
  std::vector<std::string> tags;
  std::optional<schema::Schema> params;
  std::optional<schema::Schema> query;
  std::optional<schema::Schema> body;
  std::vector<ResponseSpec> responses;
  std::string produces = "application/json";  // anything else skips the envelope
  bool is_public = false;
  bool hidden = false;  // left out of OpenAPI (the docs page itself)
  std::optional<Ability> ability;
  std::vector<Throttle> throttles;  // each counted on its own; any one over its limit is a 429
  std::optional<AuditSpec> audit;
  std::size_t body_limit = 0;  // 0: the server default
  // A body that is not JSON (an upload): its media type ("text/csv"); another is a 415. The
  // handler reads it from RequestContext::request, whole in `body` or, when streams_body, as
  // pieces from `body_source` as they arrive (after the guards: an unauthenticated upload is
  // refused before a byte of it is read).
  std::string consumes;
  bool streams_body = false;
  Handler handler;
};

class RouteBuilder {
 public:
  explicit RouteBuilder(Route& route) : route_(route) {}

  RouteBuilder& summary(std::string text);
  RouteBuilder& description(std::string text);
  RouteBuilder& operation_id(std::string id);
  RouteBuilder& tag(std::string name);
  RouteBuilder& params(schema::Schema s);
  RouteBuilder& query(schema::Schema s);
  RouteBuilder& body(schema::Schema s);
  RouteBuilder& response(int status, schema::Schema data, std::string description = {});
  RouteBuilder& response(int status, PageOf page, std::string description = {});
  RouteBuilder& no_content(int status = 204);
  RouteBuilder& produces(std::string content_type);
  RouteBuilder& public_route();
  RouteBuilder& hidden();
  RouteBuilder& can(std::string action, std::string subject);
  // May be declared several times: login counts per IP + email, per email and per IP.
  RouteBuilder& throttle(int limit, std::chrono::seconds window, ThrottleBy by = ThrottleBy::client_ip());
  RouteBuilder& audit(std::string action, std::string subject);
  RouteBuilder& body_limit(std::size_t bytes);
  RouteBuilder& consumes(std::string media_type);
  RouteBuilder& stream_body();
  void handle(Handler handler);
  // A service method as the handler: .handle(service, &CompaniesService::list). The route keeps
  // the service alive.
  template <class Service>
  void handle(std::shared_ptr<Service> service, boost::asio::awaitable<Reply> (Service::*method)(RequestContext&)) {
    handle([service = std::move(service), method](RequestContext& ctx) { return ((*service).*method)(ctx); });
  }

 private:
  Route& route_;
};

}  // namespace crest
