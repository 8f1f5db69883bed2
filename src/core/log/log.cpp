#include "core/log/log.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>

namespace crest::log {
namespace json = boost::json;

namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::Info)};
std::atomic<bool> g_silent{false};
Format g_format = Format::Json;
std::shared_ptr<spdlog::logger> g_logger;

const std::string& hostname() {
  static const std::string name = [] {
    char buffer[256] = {};
    gethostname(buffer, sizeof buffer - 1);
    return std::string(buffer);
  }();
  return name;
}

// Doubles print in their shortest form ("0.078"); Boost.JSON would write "7.8E-2".
void append_value(std::string& out, const json::value& value) {
  if (value.is_double()) {
    double d = value.get_double();
    out += std::isfinite(d) ? fmt::format("{}", d) : "null";
  } else {
    out += json::serialize(value);
  }
}

std::string json_line(Level level, std::string_view msg, const json::object& fields) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  std::string out = fmt::format(R"({{"level":{},"time":{},"pid":{},"hostname":{})",
                                static_cast<int>(level), ms, getpid(),
                                json::serialize(json::string(hostname())));
  for (const auto& [key, value] : fields) {
    if (key == "msg" || key == "level" || key == "time") continue;
    out += ',';
    out += json::serialize(json::string(key));
    out += ':';
    append_value(out, value);
  }
  out += R"(,"msg":)";
  out += json::serialize(json::string(msg));
  out += '}';
  return out;
}

std::string pretty_line(Level level, std::string_view msg, const json::object& fields) {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&seconds, &tm);
  const char* name = "INFO";
  const char* colour = "\x1b[32m";
  switch (level) {
    case Level::Trace: name = "TRACE"; colour = "\x1b[90m"; break;
    case Level::Debug: name = "DEBUG"; colour = "\x1b[34m"; break;
    case Level::Info: break;
    case Level::Warn: name = "WARN"; colour = "\x1b[33m"; break;
    case Level::Error: name = "ERROR"; colour = "\x1b[31m"; break;
    case Level::Fatal: name = "FATAL"; colour = "\x1b[41m"; break;
  }
  std::string out = fmt::format("[{:02}:{:02}:{:02}.{:03}] {}{}\x1b[0m", tm.tm_hour, tm.tm_min,
                                tm.tm_sec, static_cast<int>(ms % 1000), colour, name);
  if (const auto* id = fields.if_contains("reqId"); id && id->is_string())
    out += fmt::format(" ({})", std::string_view(id->get_string()));
  out += fmt::format(": \x1b[36m{}\x1b[0m", msg);
  for (const auto& [key, value] : fields) {
    if (key == "reqId") continue;
    out += fmt::format("\n    {}: {}", std::string_view(key), json::serialize(value));
  }
  return out;
}

}  // namespace

bool parse_level(std::string_view text, Level& level, bool& silent) {
  silent = false;
  if (text == "trace") level = Level::Trace;
  else if (text == "debug") level = Level::Debug;
  else if (text == "info") level = Level::Info;
  else if (text == "warn") level = Level::Warn;
  else if (text == "error") level = Level::Error;
  else if (text == "fatal") level = Level::Fatal;
  else if (text == "silent") silent = true;
  else return false;
  return true;
}

void init(Level level, Format format, bool silent) {
  g_min_level = static_cast<int>(level);
  g_silent = silent;
  g_format = format;
  if (g_logger) return;
  spdlog::init_thread_pool(16384, 1);
  auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  g_logger = std::make_shared<spdlog::async_logger>("crest", sink, spdlog::thread_pool(),
                                                    spdlog::async_overflow_policy::overrun_oldest);
  g_logger->set_pattern("%v");
  g_logger->set_level(spdlog::level::trace);
  g_logger->flush_on(spdlog::level::err);
}

bool enabled(Level level) noexcept {
  return !g_silent && static_cast<int>(level) >= g_min_level.load(std::memory_order_relaxed);
}

void write(Level level, std::string_view msg, const json::object& fields) {
  if (!enabled(level)) return;
  std::string line = g_format == Format::Json ? json_line(level, msg, fields)
                                              : pretty_line(level, msg, fields);
  if (!g_logger) {  // before init (argument errors): write directly
    fmt::print(stderr, "{}\n", line);
    return;
  }
  g_logger->log(level >= Level::Error ? spdlog::level::err : spdlog::level::info, line);
}

void flush() {
  if (g_logger) g_logger->flush();
}

void shutdown() {
  flush();
  g_logger.reset();
  spdlog::shutdown();
}

}  // namespace crest::log
