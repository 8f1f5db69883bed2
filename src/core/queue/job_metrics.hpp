#pragma once
// What `crest worker` exposes on /metrics about jobs: jobs by queue and state (a gauge the worker
// refreshes from the table), attempt duration and queue lag (due to start) histograms by queue
// and job, and attempt outcomes (completed, failed, retried, ...) by queue and job.
#include <boost/json/value.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace crest::queue {

class JobMetrics {
 public:
  void observe_lag(const std::string& queue, const std::string& job, double seconds);
  void observe_duration(const std::string& queue, const std::string& job, double seconds);
  // outcome: completed | failed | retried | timed_out | handed_back | lease_lost
  void count_outcome(const std::string& queue, const std::string& job, const std::string& outcome);
  // A completed job's result: what its "removed" object counts (a retention cron's rows, files,
  // partitions), added to crest_job_removed_total, and when it completed.
  void count_completion(const std::string& queue, const std::string& job, const boost::json::value& result,
                        double unix_seconds);
  // The jobs table's counts now (every state of every queue seen, zeros included).
  void set_counts(const std::vector<std::tuple<std::string, std::string, std::int64_t>>& queue_state_count);

  // Appends the families in the Prometheus text format.
  void render(std::string& out) const;

 private:
  struct Histogram {
    std::vector<std::uint64_t> buckets;  // cumulative counts are computed when rendered
    std::uint64_t count = 0;
    double sum = 0;
  };
  using Key = std::pair<std::string, std::string>;  // queue, job
  void observe(std::map<Key, Histogram>& into, const Key& key, double seconds);

  mutable std::mutex mutex_;
  std::map<Key, Histogram> lag_, duration_;
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> outcomes_;
  std::map<std::pair<std::string, std::string>, std::int64_t> counts_;  // queue, state
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> removed_;  // queue, job, what
  std::map<Key, double> last_completed_;
};

}  // namespace crest::queue
