#pragma once
// Prometheus metrics: HTTP request counts and latency by route template, process figures, and
// collectors that later subsystems (DB pool, cache, queues) register.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace crest {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // route is the declared template ("/api/v1/companies/:id"), never the raw path; it must
  // outlive the Metrics object (route templates and literals do), so counting never allocates.
  void observe_request(std::string_view method, std::string_view route, int status,
                       double seconds);
  // A collector appends complete metric families (HELP, TYPE, samples) to the exposition.
  void add_collector(std::function<void(std::string&)> collector);
  std::string render() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace crest
