#include "core/pipeline/router.hpp"

#include <stdexcept>

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

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
  if (s.find('%') == std::string_view::npos && (!plus_is_space || s.find('+') == std::string_view::npos))
    return std::string(s);  // (most paths and values: nothing to decode)
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && s[i] == '+') ? ' ' : s[i];
  }
  return out;
}

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
    if (segment.front() == ':' && next < values.size())
      result.params.emplace_back(std::string(segment.substr(1)), percent_decode(values[next++]));
  });
  return result;
}

RouteBuilder Scope::add(std::string method, const std::string& path) {
  RouteBuilder builder = router_.add(std::move(method), prefix_ + path);
  if (!tag_.empty()) builder.tag(tag_);
  return builder;
}

}  // namespace crest
