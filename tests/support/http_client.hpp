#pragma once
// A small libcurl client for end-to-end tests, plus a raw TCP connection for tests that need
// to misbehave (slow headers, stalled bodies, pipelining).
#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <vector>

namespace crest::testing {

struct HttpResult {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  boost::json::value json() const;
  std::string header(const std::string& lower_name) const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
  // A text/event-stream answer is read up to its first event unless this asks for all of it
  // (until the server ends it): callers that walk every route see its status, not a hang.
  bool whole_stream = false;
};

HttpResult send(const HttpRequest& request);
inline HttpResult get(const std::string& url, std::vector<std::string> headers = {}) {
  return send({"GET", url, "", std::move(headers)});
}
inline HttpResult post_json(const std::string& url, const std::string& body,
                            std::vector<std::string> headers = {}) {
  headers.push_back("Content-Type: application/json");
  return send({"POST", url, body, std::move(headers)});
}

class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool send(const std::string& bytes);
  // Reads until the peer closes, `timeout_ms` passes, or `until` appears in what was read.
  std::string receive(int timeout_ms, const std::string& until = {});
  // True when the peer has closed the connection within timeout_ms.
  bool closed_by_peer(int timeout_ms);

 private:
  int fd_ = -1;
};

}  // namespace crest::testing
