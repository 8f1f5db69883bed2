#pragma once
// The arguments of BullMQ's scripts: msgpack documents (MsgPuck, libmsgpuck-dev), packed as
// BullMQ's client packs them (msgpackr, undefined as nil), and the keys of a queue.
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crest::queue::bullmq {

// A msgpack document, value by value.
class Packed {
 public:
  Packed& array(std::uint32_t size);
  Packed& map(std::uint32_t size);
  Packed& str(std::string_view text);
  Packed& nil();
  Packed& integer(std::int64_t value);
  Packed& number(double value);
  Packed& boolean(bool value);
  Packed& json(const boost::json::value& value);  // objects as maps, arrays as arrays
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

// "bull:<queue>:<suffix>": a key of BullMQ's layout.
struct QueueKeys {
  std::string prefix;  // "bull"
  std::string queue;
  std::string base() const { return prefix + ":" + queue + ":"; }
  std::string operator()(std::string_view suffix) const { return base() + std::string(suffix); }
};

// A job as BullMQ's Queue.add makes one (Job.create): no parent, no repeat, no deduplication.
struct NewJob {
  std::string name;
  boost::json::value data;
  std::optional<std::string> id;  // a custom id; BullMQ numbers the job otherwise
  int attempts = 1;
  std::int64_t timestamp_ms = 0;  // when it was added
};

// The delay before attempt `attempts_made` + 1 as Backoffs.calculate computes it for the job's
// opts.backoff ({type: fixed|exponential, delay, jitter}, or a number: fixed): fixed waits
// `delay`, exponential 2^(attempts_made − 1) × delay; with jitter j it is drawn from
// [(1 − j) × d, d) (`random01` in [0, 1)). nullopt for no backoff or an unknown type (BullMQ
// needs the Worker's custom strategy then; crest has none: it retries at once).
std::optional<std::int64_t> backoff_delay_ms(const boost::json::value& backoff, int attempts_made, double random01);

// addStandardJob's KEYS and ARGV, as BullMQ's addStandardJobArgs lays them out.
std::vector<std::string> add_standard_job_arguments(const QueueKeys& keys, const NewJob& job);

}  // namespace crest::queue::bullmq
