#pragma once
// Adds jobs to a BullMQ queue on Redis through BullMQ's own addStandardJob script, so a Node
// `Worker` of the pinned bullmq version (or Bull Board) sees them as jobs its `Queue.add` made.
// The script is sent once per connection (SCRIPT LOAD) and run by its SHA-1 (EVALSHA), loaded
// again when Redis forgot it (NOSCRIPT: a restart, SCRIPT FLUSH).
#include <boost/asio/awaitable.hpp>

#include <map>
#include <string>

#include "core/queue/bullmq/bullmq_args.hpp"
#include "core/redis/redis_client.hpp"

namespace crest::queue::bullmq {

class Producer {
 public:
  Producer(redis::Client& redis, QueueKeys keys) : redis_(redis), keys_(std::move(keys)) {}

  // The job's id (BullMQ's counter, or the custom id); std::runtime_error on an error reply.
  boost::asio::awaitable<std::string> add(NewJob job);

  // Runs one of BullMQ's scripts with these keys and arguments.
  boost::asio::awaitable<redis::Reply> run(std::string_view script, std::vector<std::string> keys_and_args);

 private:
  redis::Client& redis_;
  QueueKeys keys_;
  std::map<std::string, std::string, std::less<>> loaded_;  // script name -> SHA-1
};

}  // namespace crest::queue::bullmq
