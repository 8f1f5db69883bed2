#pragma once
// Routes by method and path pattern (`/companies/:id`), grouped under prefixes.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/pipeline/route.hpp"

namespace crest {

struct RouteMatch {
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;  // percent-decoded
  std::string allow;  // set when the path exists but not for this method: "GET, HEAD, OPTIONS"
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  RouteBuilder add(std::string method, std::string path);
  RouteBuilder get(std::string path) { return add("GET", std::move(path)); }
  RouteBuilder post(std::string path) { return add("POST", std::move(path)); }
  RouteBuilder put(std::string path) { return add("PUT", std::move(path)); }
  RouteBuilder patch(std::string path) { return add("PATCH", std::move(path)); }
  RouteBuilder del(std::string path) { return add("DELETE", std::move(path)); }

  // HEAD falls back to GET; OPTIONS is answered by the pipeline from `allow`.
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const noexcept { return routes_; }

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

// Registers routes under a prefix and a default tag: `Scope api(router, "/api/v1", "Companies")`.
class Scope {
 public:
  Scope(Router& router, std::string prefix, std::string tag = {})
      : router_(router), prefix_(std::move(prefix)), tag_(std::move(tag)) {}
  RouteBuilder get(const std::string& path) { return add("GET", path); }
  RouteBuilder post(const std::string& path) { return add("POST", path); }
  RouteBuilder put(const std::string& path) { return add("PUT", path); }
  RouteBuilder patch(const std::string& path) { return add("PATCH", path); }
  RouteBuilder del(const std::string& path) { return add("DELETE", path); }

 private:
  RouteBuilder add(std::string method, const std::string& path);
  Router& router_;
  std::string prefix_;
  std::string tag_;
};

}  // namespace crest
