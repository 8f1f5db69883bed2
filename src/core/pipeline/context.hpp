#pragma once
// What a handler sees of a request, and what it gives back.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/abilities.hpp"
#include "core/http/request.hpp"
#include "core/pipeline/view.hpp"

namespace crest {

struct Route;

// Filled by the auth guard from a verified access token; empty on public routes.
struct Principal {
  std::string user_id;
  std::string workspace_id;
  std::string role;
  std::shared_ptr<const auth::Abilities> abilities;  // from the role, never null once authenticated
};

// What the audit of a request has gathered: the tenant helpers record the first row the request
// changes (its id and the changed fields' before and after), and the entry is written once.
struct AuditTrail {
  std::optional<std::string> subject_id;
  boost::json::object changes;
  bool written = false;
};

struct RequestContext {
  RequestContext(const http::Request& r, std::string id)
      : request(r), request_id(std::move(id)), started(std::chrono::steady_clock::now()) {}

  const http::Request& request;
  std::string request_id;
  std::chrono::steady_clock::time_point started;
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> raw_params;
  boost::json::value params;  // validated and coerced
  boost::json::value query;
  boost::json::value body;
  std::optional<Principal> principal;
  http::Headers response_headers;  // added to whatever response goes out (RateLimit-*, ...)
  AuditTrail audit;                // on routes that declare audit(action, subject)
};

struct PageMeta {
  std::int64_t total = 0;
  std::int64_t page = 1;
  std::int64_t limit = 10;
};

struct Reply {
  int status = 200;
  boost::json::value data;
  std::optional<std::string> view;  // the data as JSON text, when the handler gave a View (data is then null)
  std::optional<PageMeta> meta;
  std::optional<http::Response> raw;  // sent as is, without the envelope
  http::Headers headers;

  // (The View overloads are templates so that `Reply::ok({{"key", value}})` stays a JSON value.)
  static Reply ok(boost::json::value data) { return Reply{200, std::move(data), {}, {}, {}, {}}; }
  template <class V, std::enable_if_t<std::is_same_v<V, View>, int> = 0>
  static Reply ok(V data) { return Reply{200, nullptr, std::move(data).release(), {}, {}, {}}; }
  static Reply created(boost::json::value data) { return Reply{201, std::move(data), {}, {}, {}, {}}; }
  template <class V, std::enable_if_t<std::is_same_v<V, View>, int> = 0>
  static Reply created(V data) { return Reply{201, nullptr, std::move(data).release(), {}, {}, {}}; }
  static Reply page(boost::json::value items, PageMeta meta) {
    return Reply{200, std::move(items), {}, meta, {}, {}};
  }
  static Reply page(const std::vector<View>& items, PageMeta meta) {
    return Reply{200, nullptr, View::array(items).release(), meta, {}, {}};
  }
  static Reply no_content() { return Reply{204, nullptr, {}, {}, {}, {}}; }
  static Reply send(http::Response response) {
    return Reply{response.status, nullptr, {}, {}, std::move(response), {}};
  }
};

}  // namespace crest
