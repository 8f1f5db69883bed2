#include "core/queue/bullmq/bullmq_producer.hpp"

#include <chrono>
#include <stdexcept>

#include "core/queue/bullmq/bullmq_scripts.hpp"

namespace crest::queue::bullmq {
namespace asio = boost::asio;

asio::awaitable<redis::Reply> Producer::run(std::string_view name, std::vector<std::string> keys_and_args) {
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

asio::awaitable<std::string> Producer::add(NewJob job) {
  if (job.timestamp_ms == 0)
    job.timestamp_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  auto reply = co_await run("addStandardJob", add_standard_job_arguments(keys_, job));
  if (reply.type == redis::Reply::Type::Error) throw std::runtime_error("BullMQ addStandardJob: " + reply.text);
  if (reply.type == redis::Reply::Type::Integer) {
    if (reply.integer < 0) throw std::runtime_error("BullMQ addStandardJob answered " + std::to_string(reply.integer));
    co_return std::to_string(reply.integer);
  }
  co_return reply.text;
}

}  // namespace crest::queue::bullmq
