#pragma once
// The framework's view of an HTTP request and response: plain structs, no Beast types, so that
// modules and tests compile without the networking headers.
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crest::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The body of a request read as it arrives, for a route that streams its body (an upload): each
// call gives the next piece (never empty), nullopt once the body is complete. Throws HttpError:
// 413 past the route's limit, 400 for broken framing or a body that stops short.
using BodySource = std::function<boost::asio::awaitable<std::optional<std::string>>()>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw path + query as received
  std::string path;    // decoded path without the query
  std::string query;   // raw query string, without '?'
  Headers headers;     // names lower-cased
  std::string body;         // the whole body, unless the route streams it
  BodySource body_source;   // set instead when it does
  std::string remote_ip;

  // First header with that lower-case name, or empty.
  std::string_view header(std::string_view lower_name) const noexcept;
};

// A body written as it is produced (Server-Sent Events): each call gives the next piece; an
// empty piece means nothing yet (the server asks again, and ends the stream when it drains);
// nothing ends the stream.
using BodyStream = std::function<boost::asio::awaitable<std::optional<std::string>>()>;

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  Headers headers;
  std::string body;
  BodyStream stream;  // set: `body` is ignored and the pieces go out chunked, then the connection closes

  void set_header(std::string name, std::string value);
};

}  // namespace crest::http
