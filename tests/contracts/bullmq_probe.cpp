// What tests/node/bullmq_interop.mjs drives crest's BullMQ producer with:
//   crest_bullmq_probe REDIS_URL QUEUE COUNT
// loads every script of the pinned BullMQ into Redis (each must compile there), adds COUNT jobs
// named "greet" ({"n": i}, 2 attempts) and one with the custom id "crest-custom", and prints
// {"version", "loaded", "ids"} as JSON. Exit 1 with the reason on stderr.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <iostream>

#include "core/queue/bullmq/bullmq_producer.hpp"
#include "core/queue/bullmq/bullmq_scripts.hpp"

namespace asio = boost::asio;
namespace json = boost::json;
using namespace crest;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: crest_bullmq_probe REDIS_URL QUEUE COUNT\n";
    return 2;
  }
  asio::io_context io;
  redis::Client client(argv[1], std::chrono::seconds(5));
  const std::string queue = argv[2];
  const int count = std::stoi(argv[3]);
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
    queue::bullmq::Producer producer(client, {"bull", queue});
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
    auto result = co_await work();
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
