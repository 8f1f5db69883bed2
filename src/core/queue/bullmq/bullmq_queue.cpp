#include "core/queue/bullmq/bullmq_queue.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <random>
#include <stdexcept>

#include "core/queue/bullmq/bullmq_scripts.hpp"

namespace crest::queue::bullmq {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t as_integer(const std::string& text, std::int64_t otherwise) {
  try {
    return text.empty() ? otherwise : std::stoll(text);
  } catch (const std::exception&) {
    return otherwise;
  }
}

}  // namespace

asio::awaitable<redis::Reply> Queue::run(std::string_view name, std::vector<std::string> keys_and_args) {
  const Script& script = bullmq::script(name);
  for (int attempt = 0;; ++attempt) {
    auto sha = loaded_.find(name);
    if (sha == loaded_.end()) {
      std::vector<std::string> load{"SCRIPT", "LOAD", script.lua};
      auto loaded = co_await redis_.command(std::move(load));
      if (loaded.type == redis::Reply::Type::Error)
        throw std::runtime_error("BullMQ script " + script.name + " did not load: " + loaded.text);
      sha = loaded_.emplace(script.name, loaded.text).first;
    }
    std::vector<std::string> call{"EVALSHA", sha->second, std::to_string(script.keys)};
    for (const auto& value : keys_and_args) call.push_back(value);
    auto reply = co_await redis_.command(std::move(call));
    if (reply.type == redis::Reply::Type::Error && reply.text.starts_with("NOSCRIPT") && attempt == 0) {
      loaded_.erase(sha);
      continue;
    }
    co_return reply;
  }
}

asio::awaitable<std::string> Queue::add(NewJob job) {
  if (job.timestamp_ms == 0) job.timestamp_ms = now_ms();
  auto arguments = add_standard_job_arguments(keys_, job);  // (named: g++ 12 and temporaries in a co_await)
  auto reply = co_await run("addStandardJob", std::move(arguments));
  if (reply.type == redis::Reply::Type::Error) throw std::runtime_error("BullMQ addStandardJob: " + reply.text);
  if (reply.type == redis::Reply::Type::Integer) {
    if (reply.integer < 0) throw std::runtime_error("BullMQ addStandardJob answered " + std::to_string(reply.integer));
    co_return std::to_string(reply.integer);
  }
  co_return reply.text;
}

asio::awaitable<std::optional<ActiveJob>> Queue::take_next(const std::string& token, std::chrono::milliseconds lock) {
  // moveToActive's keys and arguments, as BullMQ's Worker passes them.
  Packed opts;
  opts.map(2).str("token").str(token).str("lockDuration").integer(lock.count());
  std::vector<std::string> argv{keys_("wait"),    keys_("active"), keys_("prioritized"), keys_("events"),
                                keys_("stalled"), keys_("limiter"), keys_("delayed"),    keys_("paused"),
                                keys_("meta"),    keys_("pc"),      keys_("marker"),     keys_.base(),
                                std::to_string(now_ms()), opts.bytes()};
  auto reply = co_await run("moveToActive", std::move(argv));
  if (reply.type == redis::Reply::Type::Error) throw std::runtime_error("BullMQ moveToActive: " + reply.text);
  if (reply.type != redis::Reply::Type::Array || reply.elements.size() < 2 ||
      reply.elements[0].type != redis::Reply::Type::Array)
    co_return std::nullopt;
  std::map<std::string, std::string> fields;
  const auto& flat = reply.elements[0].elements;
  for (std::size_t i = 0; i + 1 < flat.size(); i += 2) fields[flat[i].text] = flat[i + 1].text;
  ActiveJob job;
  job.id = reply.elements[1].type == redis::Reply::Type::Integer ? std::to_string(reply.elements[1].integer)
                                                                  : reply.elements[1].text;
  job.name = fields["name"];
  boost::system::error_code bad;
  job.data = json::parse(fields["data"], bad);
  if (bad) job.data = nullptr;
  json::value opts_json = json::parse(fields["opts"], bad);
  if (!bad && opts_json.is_object())
    if (const auto* attempts = opts_json.as_object().if_contains("attempts"); attempts && attempts->is_int64())
      job.attempts = static_cast<int>(attempts->as_int64());
  if (!bad && opts_json.is_object())
    if (const auto* backoff = opts_json.as_object().if_contains("backoff")) job.backoff = *backoff;
  job.attempts_made = static_cast<int>(as_integer(fields["atm"], 0));
  job.timestamp_ms = as_integer(fields["timestamp"], 0);
  co_return job;
}

asio::awaitable<void> Queue::complete(const ActiveJob& job, const std::string& token, const json::value& result,
                                      std::chrono::milliseconds lock) {
  const std::string value = json::serialize(result);
  const std::string no_fields;
  co_await finish(job, token, "completed", value, no_fields, lock);
}

asio::awaitable<void> Queue::fail(const ActiveJob& job, const std::string& token, const std::string& reason,
                                  std::chrono::milliseconds lock) {
  // The fields Job.moveToFailed updates, flat and packed (objectToFlatArray).
  Packed fields;
  fields.array(4).str("failedReason").str(reason).str("stacktrace").str("[]");
  if (job.attempts_made + 1 < job.attempts) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    thread_local std::mt19937_64 random{std::random_device{}()};
    auto delay = backoff_delay_ms(job.backoff, job.attempts_made + 1, unit(random));
    if (delay && *delay > 0) {
      std::vector<std::string> argv{keys_("marker"),  keys_("active"), keys_("prioritized"), keys_("delayed"),
                                    keys_(job.id),    keys_("events"), keys_("meta"),        keys_("stalled"),
                                    keys_("wait"),    keys_("limiter"), keys_("pc"),          keys_.base(),
                                    std::to_string(now_ms()), job.id, token, std::to_string(*delay), "0",
                                    fields.bytes(), "0", ""};
      auto reply = co_await run("moveToDelayed", std::move(argv));
      if (reply.type == redis::Reply::Type::Error) throw std::runtime_error("BullMQ moveToDelayed: " + reply.text);
      if (reply.type == redis::Reply::Type::Integer && reply.integer < 0)
        throw std::runtime_error("BullMQ moveToDelayed answered " + std::to_string(reply.integer) + " for job " + job.id);
      co_return;
    }
    std::vector<std::string> argv{keys_("active"),  keys_("wait"),   keys_("paused"),      keys_(job.id),
                                  keys_("meta"),    keys_("events"), keys_("delayed"),     keys_("prioritized"),
                                  keys_("pc"),      keys_("marker"), keys_("stalled"),     keys_.base(),
                                  std::to_string(now_ms()), "LPUSH", job.id, token, fields.bytes()};
    auto reply = co_await run("retryJob", std::move(argv));
    if (reply.type == redis::Reply::Type::Error) throw std::runtime_error("BullMQ retryJob: " + reply.text);
    if (reply.type == redis::Reply::Type::Integer && reply.integer < 0)
      throw std::runtime_error("BullMQ retryJob answered " + std::to_string(reply.integer) + " for job " + job.id);
    co_return;
  }
  const std::string& packed = fields.bytes();
  co_await finish(job, token, "failed", reason, packed, lock);
}

asio::awaitable<void> Queue::update_progress(const ActiveJob& job, const json::value& progress) {
  std::vector<std::string> argv{keys_(job.id), keys_("events"), keys_("meta"), job.id, json::serialize(progress)};
  auto reply = co_await run("updateProgress", std::move(argv));
  if (reply.type == redis::Reply::Type::Error) throw std::runtime_error("BullMQ updateProgress: " + reply.text);
  if (reply.type == redis::Reply::Type::Integer && reply.integer < 0)
    throw std::runtime_error("BullMQ updateProgress: no job " + job.id);
}

asio::awaitable<bool> Queue::extend_lock(const ActiveJob& job, const std::string& token, std::chrono::milliseconds lock) {
  std::vector<std::string> argv{keys_(job.id) + ":lock", keys_("stalled"), token, std::to_string(lock.count()), job.id};
  auto reply = co_await run("extendLock", std::move(argv));
  if (reply.type == redis::Reply::Type::Error) throw std::runtime_error("BullMQ extendLock: " + reply.text);
  co_return reply.type == redis::Reply::Type::Integer && reply.integer == 1;
}

asio::awaitable<void> Queue::finish(const ActiveJob& job, const std::string& token, std::string_view target,
                                    const std::string& value, const std::string& fields, std::chrono::milliseconds lock) {
  // moveToFinished's options, as a Worker packs them: keep every finished job, no metrics.
  Packed opts;
  opts.map(9).str("token").str(token).str("keepJobs").map(1).str("count").integer(-1)
      .str("lockDuration").integer(lock.count()).str("attempts").integer(job.attempts)
      .str("maxMetricsSize").str("").str("fpof").boolean(false).str("cpof").boolean(false)
      .str("idof").boolean(false).str("rdof").boolean(false);
  const std::string finished(target);
  std::vector<std::string> argv{keys_("wait"),    keys_("active"),  keys_("prioritized"), keys_("events"),
                                keys_("stalled"), keys_("limiter"), keys_("delayed"),     keys_("paused"),
                                keys_("meta"),    keys_("pc"),      keys_(finished),      keys_(job.id),
                                keys_("metrics:" + finished), keys_("marker"),
                                job.id, std::to_string(now_ms()), finished == "completed" ? "returnvalue" : "failedReason",
                                value, finished, "0", keys_.base(), opts.bytes(), fields};
  auto reply = co_await run("moveToFinished", std::move(argv));
  if (reply.type == redis::Reply::Type::Error) throw std::runtime_error("BullMQ moveToFinished: " + reply.text);
  if (reply.type == redis::Reply::Type::Integer && reply.integer < 0)
    throw std::runtime_error("BullMQ moveToFinished answered " + std::to_string(reply.integer) + " for job " + job.id);
}

}  // namespace crest::queue::bullmq
