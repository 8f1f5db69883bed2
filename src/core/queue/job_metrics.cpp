#include "core/queue/job_metrics.hpp"

#include <fmt/format.h>

#include <array>

#include "core/queue/job.hpp"

namespace crest::queue {

namespace {
constexpr std::array<double, 15> kBounds{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
constexpr std::array<const char*, 6> kStates{state::Queued, state::Delayed,  state::Active,
                                             state::Completed, state::Failed, state::Cancelled};

// A label value as the text format wants it: backslash, quote and newline escaped.
std::string label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

template <class Series>
void render_histogram(std::string& out, const char* name, const char* help, const Series& series) {
  out += fmt::format("# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
  for (const auto& [key, h] : series) {
    std::string labels = fmt::format("queue=\"{}\",job=\"{}\"", label(key.first), label(key.second));
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBounds.size(); ++i) {
      cumulative += h.buckets[i];
      out += fmt::format("{}_bucket{{{},le=\"{}\"}} {}\n", name, labels, kBounds[i], cumulative);
    }
    out += fmt::format("{}_bucket{{{},le=\"+Inf\"}} {}\n", name, labels, h.count);
    out += fmt::format("{}_sum{{{}}} {}\n{}_count{{{}}} {}\n", name, labels, h.sum, name, labels, h.count);
  }
}
}  // namespace

void JobMetrics::observe(std::map<Key, Histogram>& into, const Key& key, double seconds) {
  auto& h = into[key];
  if (h.buckets.empty()) h.buckets.assign(kBounds.size(), 0);
  seconds = std::max(seconds, 0.0);
  for (std::size_t i = 0; i < kBounds.size(); ++i)
    if (seconds <= kBounds[i]) {
      ++h.buckets[i];
      break;
    }
  ++h.count;
  h.sum += seconds;
}

void JobMetrics::observe_lag(const std::string& queue, const std::string& job, double seconds) {
  std::lock_guard lock(mutex_);
  observe(lag_, {queue, job}, seconds);
}

void JobMetrics::observe_duration(const std::string& queue, const std::string& job, double seconds) {
  std::lock_guard lock(mutex_);
  observe(duration_, {queue, job}, seconds);
}

void JobMetrics::count_outcome(const std::string& queue, const std::string& job, const std::string& outcome) {
  std::lock_guard lock(mutex_);
  ++outcomes_[{queue, job, outcome}];
}

void JobMetrics::count_completion(const std::string& queue, const std::string& job, const boost::json::value& result,
                                  double unix_seconds) {
  std::lock_guard lock(mutex_);
  last_completed_[{queue, job}] = unix_seconds;
  const auto* object = result.if_object();
  const auto* removed = object ? object->if_contains("removed") : nullptr;
  if (!removed || !removed->is_object()) return;
  for (const auto& [what, count] : removed->as_object()) {
    if (count.is_int64() && count.as_int64() >= 0) removed_[{queue, job, std::string(what)}] += count.as_int64();
  }
}

void JobMetrics::set_counts(const std::vector<std::tuple<std::string, std::string, std::int64_t>>& queue_state_count) {
  std::lock_guard lock(mutex_);
  for (auto& [key, count] : counts_) count = 0;  // a state that emptied shows 0, not its last count
  for (const auto& [queue, state, count] : queue_state_count) {
    for (const char* s : kStates) counts_.try_emplace({queue, s}, 0);
    counts_[{queue, state}] = count;
  }
}

void JobMetrics::render(std::string& out) const {
  std::lock_guard lock(mutex_);
  out += "# HELP crest_jobs Jobs in the table by queue and state (refreshed by the worker every few seconds).\n"
         "# TYPE crest_jobs gauge\n";
  for (const auto& [key, count] : counts_)
    out += fmt::format("crest_jobs{{queue=\"{}\",state=\"{}\"}} {}\n", label(key.first), label(key.second), count);
  render_histogram(out, "crest_job_duration_seconds", "How long attempts ran, by queue and job.", duration_);
  render_histogram(out, "crest_job_lag_seconds", "From when a job was due to when an attempt started.", lag_);
  out += "# HELP crest_job_attempts_total Attempts this worker finished, by queue, job and outcome.\n"
         "# TYPE crest_job_attempts_total counter\n";
  for (const auto& [key, count] : outcomes_)
    out += fmt::format("crest_job_attempts_total{{queue=\"{}\",job=\"{}\",outcome=\"{}\"}} {}\n",
                       label(std::get<0>(key)), label(std::get<1>(key)), label(std::get<2>(key)), count);
  out += "# HELP crest_job_last_completed_timestamp_seconds When this worker last completed a job of each name.\n"
         "# TYPE crest_job_last_completed_timestamp_seconds gauge\n";
  for (const auto& [key, at] : last_completed_)
    out += fmt::format("crest_job_last_completed_timestamp_seconds{{queue=\"{}\",job=\"{}\"}} {:.3f}\n", label(key.first),
                       label(key.second), at);
  out += "# HELP crest_job_removed_total What completed jobs of this worker removed (their result's \"removed\"): "
         "rows, files, partitions of the retention crons.\n"
         "# TYPE crest_job_removed_total counter\n";
  for (const auto& [key, count] : removed_)
    out += fmt::format("crest_job_removed_total{{queue=\"{}\",job=\"{}\",what=\"{}\"}} {}\n", label(std::get<0>(key)),
                       label(std::get<1>(key)), label(std::get<2>(key)), count);
}

}  // namespace crest::queue
