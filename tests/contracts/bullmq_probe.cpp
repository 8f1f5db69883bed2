// What tests/node/bullmq_interop.mjs drives crest's BullMQ queue with:
//   crest_bullmq_probe REDIS_URL QUEUE COUNT
// loads every script of the pinned BullMQ into Redis (each must compile there), adds COUNT jobs
// named "greet" ({"n": i}, 2 attempts) and one with the custom id "crest-custom", and prints
// {"version", "loaded", "ids"} as JSON;
//   crest_bullmq_probe REDIS_URL QUEUE --consume COUNT
// takes COUNT jobs as a worker does, reports progress {"done": 1, "of": 2} on each, extends its
// lock (and fails to with another token), completes it with {"doubled": 2 n, "by": "crest"}, and
// prints {"taken": [{id, name, data, attempts, attemptsMade}]};
//   crest_bullmq_probe REDIS_URL QUEUE --fail COUNT
// takes COUNT jobs (a retried job counts again) and fails each with "crest says no". Exit 1 with the reason on stderr.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <iostream>
#include <thread>

#include "core/queue/bullmq/bullmq_queue.hpp"
#include "core/queue/bullmq/bullmq_scripts.hpp"

namespace asio = boost::asio;
namespace json = boost::json;
using namespace crest;

int main(int argc, char** argv) {
  const bool consume = argc == 5 && std::string(argv[3]) == "--consume";
  const bool failing = argc == 5 && std::string(argv[3]) == "--fail";
  if (argc != 4 && !consume && !failing) {
    std::cerr << "usage: crest_bullmq_probe REDIS_URL QUEUE [--consume] COUNT\n";
    return 2;
  }
  asio::io_context io;
  redis::Client client(argv[1], std::chrono::seconds(5));
  const std::string queue = argv[2];
  const int count = std::stoi(argv[consume || failing ? 4 : 3]);
  auto take = [&]() -> asio::awaitable<json::object> {
    queue::bullmq::Queue jobs(client, {"bull", queue});
    json::array taken;
    const auto lock = std::chrono::seconds(30);
    for (int attempt = 0; static_cast<int>(taken.size()) < count && attempt < 200; ++attempt) {
      auto job = co_await jobs.take_next("crest-probe-token", lock);
      if (!job) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // (a probe: blocking the loop is fine)
        continue;
      }
      const auto n = job->data.is_object() && job->data.as_object().contains("n") ? job->data.at("n").to_number<std::int64_t>() : 0;
      if (failing) {
        const std::string reason = "crest says no";
        co_await jobs.fail(*job, "crest-probe-token", reason, lock);
      } else {
        json::object progress{{"done", 1}, {"of", 2}};
        co_await jobs.update_progress(*job, progress);
        const bool extended = co_await jobs.extend_lock(*job, "crest-probe-token", lock);
        const bool stolen = co_await jobs.extend_lock(*job, "another-token", lock);
        if (!extended || stolen) throw std::runtime_error("extendLock: the holder could not, or another token could");
        json::object result{{"doubled", 2 * n}, {"by", "crest"}};
        co_await jobs.complete(*job, "crest-probe-token", result, lock);
      }
      taken.push_back(json::object{{"id", job->id}, {"name", job->name}, {"data", job->data}, {"attempts", job->attempts},
                                   {"attemptsMade", job->attempts_made}});
    }
    co_return json::object{{"taken", std::move(taken)}};
  };
  auto work = [&]() -> asio::awaitable<json::object> {
    json::object out{{"version", std::string(queue::bullmq::version())}};
    std::int64_t loaded = 0;
    for (const auto& script : queue::bullmq::scripts()) {
      std::vector<std::string> load{"SCRIPT", "LOAD", script.lua};
      auto reply = co_await client.command(std::move(load));
      if (reply.type == redis::Reply::Type::Error) throw std::runtime_error(script.name + ": " + reply.text);
      ++loaded;
    }
    out["loaded"] = loaded;
    queue::bullmq::Queue producer(client, {"bull", queue});
    json::array ids;
    for (int i = 0; i < count; ++i) {
      queue::bullmq::NewJob job{"greet", json::object{{"n", i}}, std::nullopt, 2, 0};
      ids.push_back(json::value(co_await producer.add(std::move(job))));
    }
    queue::bullmq::NewJob custom{"greet", json::object{{"n", -1}}, std::string("crest-custom"), 1, 0};
    ids.push_back(json::value(co_await producer.add(std::move(custom))));
    out["ids"] = std::move(ids);
    co_return out;
  };
  auto done = asio::co_spawn(io, [&]() -> asio::awaitable<json::object> {
    json::object result;
    if (consume || failing) result = co_await take();
    else result = co_await work();
    io.stop();
    co_return result;
  }, asio::use_future);
  io.run();
  try {
    std::cout << json::serialize(done.get()) << "\n";
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    client.close();
    return 1;
  }
  client.close();
  return 0;
}
