#pragma once
// When a failed attempt runs again: a fixed delay, or an exponential one (base * 2^(attempt-1))
// with full jitter, never past a cap. Stored with each job as JSON, so a retry follows the
// schedule the job was enqueued with.
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace crest::queue {

struct Backoff {
  enum class Kind { Fixed, Exponential };
  Kind kind = Kind::Exponential;
  std::chrono::milliseconds base{1'000};
  std::chrono::milliseconds cap{3'600'000};
  bool jitter = true;  // exponential only: a delay uniformly in [delay/2, delay]

  static Backoff fixed(std::chrono::milliseconds delay) { return {Kind::Fixed, delay, delay, false}; }
  static Backoff exponential(std::chrono::milliseconds base, std::chrono::milliseconds cap, bool jitter = true) {
    return {Kind::Exponential, base, cap, jitter};
  }

  // The delay before attempt `failed_attempt + 1`; `random` in [0, 1) draws the jitter.
  std::chrono::milliseconds delay_after(int failed_attempt, double random) const;

  boost::json::object to_json() const;
  // Nullopt when the JSON is not a backoff this code wrote.
  static std::optional<Backoff> from_json(const boost::json::object& json);
};

}  // namespace crest::queue
