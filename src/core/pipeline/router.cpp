#include "core/pipeline/router.hpp"

#include <stdexcept>

#include "core/util/percent_encoding.hpp"

namespace crest {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> statics;
  std::unique_ptr<Node> param;
  std::map<std::string, Route*, std::less<>> methods;
};

namespace {

template <class Visit>
void for_each_segment(std::string_view path, Visit visit) {
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    if (end > i) visit(path.substr(i, end - i));
    i = end;
  }
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

RouteBuilder Router::add(std::string method, std::string path) {
  auto route = std::make_unique<Route>();
  route->method = std::move(method);
  route->path = std::move(path);
  Node* node = root_.get();
  for_each_segment(route->path, [&](std::string_view segment) {
    if (segment.front() == ':') {
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
      return;
    }
    auto it = node->statics.find(segment);
    if (it == node->statics.end())
      it = node->statics.emplace(std::string(segment), std::make_unique<Node>()).first;
    node = it->second.get();
  });
  if (node->methods.count(route->method))
    throw std::logic_error("route declared twice: " + route->method + " " + route->path);
  node->methods[route->method] = route.get();
  routes_.push_back(std::move(route));
  return RouteBuilder(*routes_.back());
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  const Node* node = root_.get();
  std::vector<std::string_view> values;
  for_each_segment(path, [&](std::string_view segment) {
    if (!node) return;
    if (auto it = node->statics.find(segment); it != node->statics.end()) {
      node = it->second.get();
    } else if (node->param) {
      values.push_back(segment);
      node = node->param.get();
    } else {
      node = nullptr;
    }
  });
  if (!node || node->methods.empty()) return result;

  auto found = node->methods.find(method);
  if (found == node->methods.end() && method == "HEAD") found = node->methods.find("GET");
  if (found == node->methods.end() || method == "OPTIONS") {
    for (const auto& [name, route] : node->methods) {
      result.allow += (result.allow.empty() ? "" : ", ") + name;
      if (name == "GET") result.allow += ", HEAD";
    }
    result.allow += ", OPTIONS";
    return result;
  }
  result.route = found->second;
  std::size_t next = 0;
  for_each_segment(result.route->path, [&](std::string_view segment) {
    if (segment.front() == ':' && next < values.size()) {
      // The pipeline refuses a path that does not decode before it matches; body-limit lookups
      // and refusals match raw paths, and keep such a value as it came.
      std::string_view raw = values[next++];
      auto decoded = try_percent_decode(raw);
      result.params.emplace_back(std::string(segment.substr(1)), decoded ? std::move(*decoded) : std::string(raw));
    }
  });
  return result;
}

RouteBuilder Scope::add(std::string method, const std::string& path) {
  RouteBuilder builder = router_.add(std::move(method), prefix_ + path);
  if (!tag_.empty()) builder.tag(tag_);
  return builder;
}

}  // namespace crest
