#include "core/metrics/metrics.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

#include "core/util/thread_slot.hpp"

namespace crest {

namespace {

constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                             0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

struct Histogram {
  std::array<std::uint64_t, kBuckets.size()> buckets{};
  std::uint64_t count = 0;
  double sum = 0;
};

std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out;
}

// Method names live in the request; metrics keep views of these literals instead.
std::string_view interned_method(std::string_view method) {
  static constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE",
                                                  "HEAD", "OPTIONS"};
  for (auto known : kMethods)
    if (known == method) return known;
  return "OTHER";
}

void process_metrics(std::string& out, double start_seconds) {
  long ticks = sysconf(_SC_CLK_TCK);
  long page = sysconf(_SC_PAGESIZE);
  double cpu = 0;
  std::ifstream stat("/proc/self/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  if (auto close = content.rfind(')'); close != std::string::npos) {
    std::istringstream fields(content.substr(close + 2));
    std::string field;
    std::vector<std::string> values;
    while (fields >> field) values.push_back(field);
    if (values.size() > 12) cpu = (std::stod(values[11]) + std::stod(values[12])) / double(ticks);
  }
  long resident_pages = 0, size_pages = 0;
  std::ifstream statm("/proc/self/statm");
  statm >> size_pages >> resident_pages;
  std::size_t fds = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++fds;
  out += fmt::format(
      "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
      "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total {}\n"
      "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
      "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {}\n"
      "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
      "# TYPE process_virtual_memory_bytes gauge\nprocess_virtual_memory_bytes {}\n"
      "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n"
      "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds {:.3f}\n"
      "# HELP process_open_fds Number of open file descriptors.\n"
      "# TYPE process_open_fds gauge\nprocess_open_fds {}\n",
      cpu, resident_pages * page, size_pages * page, start_seconds, fds);
}

}  // namespace

// Requests are counted in shards, one per I/O thread as a rule (thread_slot()), so that the
// threads do not meet on one lock per request; render() adds the shards up. (Each shard starts a
// cache line of its own: different threads write them.)
struct alignas(64) RequestShard {
  std::mutex mutex;
  // (method, route, status) -> count; route -> histogram
  std::map<std::tuple<std::string_view, std::string_view, int>, std::uint64_t> requests;
  std::map<std::string_view, Histogram> durations;
};

struct Metrics::State {
  static constexpr std::size_t kShards = 8;
  std::array<RequestShard, kShards> shards;
  mutable std::mutex mutex;  // the collectors
  std::vector<std::function<void(std::string&)>> collectors;
  double start_seconds = 0;
};

Metrics::Metrics() : state_(std::make_unique<State>()) {
  state_->start_seconds = std::chrono::duration<double>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
}
Metrics::~Metrics() = default;

void Metrics::observe_request(std::string_view method, std::string_view route, int status,
                              double seconds) {
  std::string_view stable_method = interned_method(method);
  RequestShard& shard = state_->shards[thread_slot() % State::kShards];
  std::lock_guard lock(shard.mutex);
  ++shard.requests[std::make_tuple(route, stable_method, status)];
  Histogram& h = shard.durations[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::add_collector(std::function<void(std::string&)> collector) {
  std::lock_guard lock(state_->mutex);
  state_->collectors.push_back(std::move(collector));
}

std::string Metrics::render() const {
  std::string out;
  std::map<std::tuple<std::string_view, std::string_view, int>, std::uint64_t> requests;
  std::map<std::string_view, Histogram> durations;
  for (auto& shard : state_->shards) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [key, count] : shard.requests) requests[key] += count;
    for (const auto& [route, h] : shard.durations) {
      Histogram& total = durations[route];
      for (std::size_t i = 0; i < kBuckets.size(); ++i) total.buckets[i] += h.buckets[i];
      total.count += h.count;
      total.sum += h.sum;
    }
  }
  std::vector<std::function<void(std::string&)>> collectors;
  {
    std::lock_guard lock(state_->mutex);
    out += "# HELP http_requests_total Total HTTP requests by method, route template and status.\n"
           "# TYPE http_requests_total counter\n";
    for (const auto& [key, count] : requests) {
      const auto& [route, method, status] = key;
      out += fmt::format("http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                         escape_label(method), escape_label(route), status, count);
    }
    out += "# HELP http_request_duration_seconds HTTP request latency by route template.\n"
           "# TYPE http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : durations) {
      std::string label = escape_label(route);
      for (std::size_t i = 0; i < kBuckets.size(); ++i)
        out += fmt::format("http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                           label, kBuckets[i], h.buckets[i]);
      out += fmt::format("http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                         label, h.count);
      out += fmt::format("http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label, h.sum);
      out += fmt::format("http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, h.count);
    }
    collectors = state_->collectors;
  }
  process_metrics(out, state_->start_seconds);
  for (const auto& collector : collectors) collector(out);
  return out;
}

}  // namespace crest
