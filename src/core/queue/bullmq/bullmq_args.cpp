#include "core/queue/bullmq/bullmq_args.hpp"

#include <boost/json.hpp>
#include <msgpuck.h>

#include <cmath>

namespace crest::queue::bullmq {
namespace json = boost::json;

namespace {

// Appends what `encode` writes, sized by `size` (MsgPuck encodes into a buffer it is given).
template <class Encode>
void append(std::string& out, std::size_t size, Encode encode) {
  std::size_t at = out.size();
  out.resize(at + size);
  char* end = encode(out.data() + at);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace

Packed& Packed::array(std::uint32_t size) {
  append(bytes_, mp_sizeof_array(size), [&](char* w) { return mp_encode_array(w, size); });
  return *this;
}
Packed& Packed::map(std::uint32_t size) {
  append(bytes_, mp_sizeof_map(size), [&](char* w) { return mp_encode_map(w, size); });
  return *this;
}
Packed& Packed::str(std::string_view text) {
  auto length = static_cast<std::uint32_t>(text.size());
  append(bytes_, mp_sizeof_str(length), [&](char* w) { return mp_encode_str(w, text.data(), length); });
  return *this;
}
Packed& Packed::nil() {
  append(bytes_, mp_sizeof_nil(), [](char* w) { return mp_encode_nil(w); });
  return *this;
}
Packed& Packed::integer(std::int64_t value) {
  if (value >= 0) {
    auto u = static_cast<std::uint64_t>(value);
    append(bytes_, mp_sizeof_uint(u), [&](char* w) { return mp_encode_uint(w, u); });
  } else {
    append(bytes_, mp_sizeof_int(value), [&](char* w) { return mp_encode_int(w, value); });
  }
  return *this;
}
Packed& Packed::number(double value) {
  append(bytes_, mp_sizeof_double(value), [&](char* w) { return mp_encode_double(w, value); });
  return *this;
}
Packed& Packed::boolean(bool value) {
  append(bytes_, mp_sizeof_bool(value), [&](char* w) { return mp_encode_bool(w, value); });
  return *this;
}

Packed& Packed::json(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null: return nil();
    case json::kind::bool_: return boolean(value.get_bool());
    case json::kind::int64: return integer(value.get_int64());
    case json::kind::uint64:
      append(bytes_, mp_sizeof_uint(value.get_uint64()), [&](char* w) { return mp_encode_uint(w, value.get_uint64()); });
      return *this;
    case json::kind::double_: return number(value.get_double());
    case json::kind::string: return str(value.get_string());
    case json::kind::array: {
      const auto& items = value.get_array();
      array(static_cast<std::uint32_t>(items.size()));
      for (const auto& item : items) json(item);
      return *this;
    }
    case json::kind::object: {
      const auto& fields = value.get_object();
      map(static_cast<std::uint32_t>(fields.size()));
      for (const auto& field : fields) {
        str(field.key());
        json(field.value());
      }
      return *this;
    }
  }
  return *this;
}

std::optional<std::int64_t> backoff_delay_ms(const json::value& backoff, int attempts_made, double random01) {
  std::string type = "fixed";
  double delay = 0, jitter = 0;
  if (backoff.is_number()) {
    delay = backoff.to_number<double>();
  } else if (const auto* fields = backoff.if_object()) {
    if (const auto* t = fields->if_contains("type"); t && t->is_string()) type = std::string(t->get_string());
    if (const auto* d = fields->if_contains("delay"); d && d->is_number()) delay = d->to_number<double>();
    if (const auto* j = fields->if_contains("jitter"); j && j->is_number()) jitter = j->to_number<double>();
  } else {
    return std::nullopt;
  }
  double full;
  if (type == "fixed") full = delay;
  else if (type == "exponential") full = std::round(std::pow(2.0, attempts_made - 1) * delay);
  else return std::nullopt;
  if (jitter > 0) return static_cast<std::int64_t>(std::floor(random01 * full * jitter + full * (1 - jitter)));
  return static_cast<std::int64_t>(full);
}

std::vector<std::string> add_standard_job_arguments(const QueueKeys& keys, const NewJob& job) {
  // [prefix, custom id, name, timestamp, parentKey, parent dependencies key, parent, repeat job
  //  key, deduplication key, defer parent release]: what addJobToTransaction packs.
  Packed args;
  args.array(10).str(keys.base()).str(job.id.value_or("")).str(job.name).integer(job.timestamp_ms);
  for (int i = 0; i < 6; ++i) args.nil();
  // Job.create's options: attempts (BullMQ's default 0 means once), no backoff.
  Packed opts;
  opts.map(1).str("attempts").integer(job.attempts);
  return {keys("wait"),   keys("paused"), keys("meta"),   keys("id"),      keys("completed"), keys("delayed"),
          keys("active"), keys("events"), keys("marker"), args.bytes(), json::serialize(job.data), opts.bytes()};
}

}  // namespace crest::queue::bullmq
