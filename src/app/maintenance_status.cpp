#include "app/maintenance_status.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <iostream>

#include "app/application.hpp"
#include "app/database_setup.hpp"
#include "core/cron/cron_runs.hpp"
#include "core/util/event_loop.hpp"

namespace crest::app {
namespace json = boost::json;

namespace {

struct Line {
  std::string name, schedule;
  std::optional<cron::CronRun> run;
};

// "activities 3, deals 1" from {"removed": {"activities": 3, "deals": 1}}; "-" without one.
std::string removed_text(const json::value& result) {
  const auto* object = result.if_object();
  const auto* removed = object ? object->if_contains("removed") : nullptr;
  if (!removed || !removed->is_object()) return "-";
  std::string out;
  for (const auto& [what, count] : removed->as_object()) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", std::string_view(what), json::serialize(count));
  }
  return out.empty() ? "nothing" : out;
}

}  // namespace

int maintenance_status_command(const Config& config, bool json_output) {
  if (int code = prepare_schema(config, MigratePolicy::IfEmbedded)) return code;
  Application app(config);  // for the crons every module declares
  std::vector<Line> lines;
  for (const auto& entry : app.crons().all()) lines.push_back({entry.name, entry.schedule.expression(), std::nullopt});
  try {
    run_to_completion([&]() -> boost::asio::awaitable<void> {
      auto database = open_configured_database(config);
      std::exception_ptr failure;
      try {
        for (auto& line : lines) {
          const auto* job = app.jobs().find(line.name);
          std::string queue = job ? job->queue_name() : "crons";
          line.run = co_await cron::latest_run(*database, queue, line.name);
        }
      } catch (...) {
        failure = std::current_exception();
      }
      database->close();
      if (failure) std::rethrow_exception(failure);
    }());
  } catch (const std::exception& e) {
    std::cerr << "crest maintenance: " << e.what() << "\n";
    return 1;
  }

  if (json_output) {
    json::array out;
    for (const auto& line : lines) {
      json::object item{{"cron", line.name}, {"schedule", line.schedule}, {"lastRun", nullptr}};
      if (line.run) {
        item["lastRun"] = json::object{{"finishedAt", line.run->finished_at},
                                       {"state", line.run->state},
                                       {"result", line.run->result},
                                       {"error", line.run->error ? json::value(*line.run->error) : json::value(nullptr)}};
      }
      out.push_back(std::move(item));
    }
    std::cout << json::serialize(out) << "\n";
    return 0;
  }
  std::cout << fmt::format("{:<28} {:<14} {:<26} {:<10} {}\n", "cron", "schedule (UTC)", "last run", "outcome", "removed");
  for (const auto& line : lines) {
    if (!line.run) {
      std::cout << fmt::format("{:<28} {:<14} {:<26} {:<10} {}\n", line.name, line.schedule, "none kept", "-", "-");
      continue;
    }
    std::string outcome = line.run->state;
    std::string removed = line.run->error ? *line.run->error : removed_text(line.run->result);
    std::cout << fmt::format("{:<28} {:<14} {:<26} {:<10} {}\n", line.name, line.schedule, line.run->finished_at, outcome,
                             removed);
  }
  return 0;
}

}  // namespace crest::app
