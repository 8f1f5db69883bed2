#include "core/log/log.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/util/json_text.hpp"
#include "core/util/thread_slot.hpp"

namespace crest::log {
namespace json = boost::json;

namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::Info)};
std::atomic<bool> g_silent{false};
Format g_format = Format::Json;
// Lines queue up and one background thread writes them in batches: one write(2) per batch, and
// producers wake it only when a batch is large or a line is an error, so a busy server does not
// pay a context switch per log line. The queue is sharded by thread (thread_slot()) so that the
// I/O threads do not meet on one lock per line; a global sequence number keeps the order. A
// shard holds its lines in one buffer that it trades with the writer's spare, so no line is
// allocated by one thread and freed by another (that would meet on the allocator's locks).
class Writer {
 public:
  Writer() : thread_([this] { run(); }) {}
  ~Writer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  void push(std::string line, bool urgent) {
    if (pending_.load(std::memory_order_relaxed) >= kMaxPending) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    Shard& shard = shards_[thread_slot() % kShards];
    std::size_t size = 0;
    {
      std::lock_guard lock(shard.mutex);
      // Counted before the writer can take it, so its count never goes below zero.
      size = pending_.fetch_add(1, std::memory_order_relaxed) + 1;
      Record record{sequence_.fetch_add(1, std::memory_order_relaxed), line.size()};
      shard.text.append(reinterpret_cast<const char*>(&record), sizeof record);
      shard.text += line;
    }
    if (urgent || size == kBatch) {
      {
        std::lock_guard lock(mutex_);
        wanted_ = true;
      }
      wake_.notify_one();
    }
  }

 private:
  static constexpr std::size_t kBatch = 256;
  static constexpr std::size_t kMaxPending = 100'000;
  static constexpr std::size_t kShards = 8;
  struct Record {  // in a shard's text, before each line
    std::uint64_t sequence;
    std::size_t size;
  };
  struct alignas(64) Shard {
    std::mutex mutex;
    std::string text;
  };
  using Line = std::pair<std::uint64_t, std::string_view>;

  void run() {
    std::array<std::string, kShards> taken;
    std::vector<Line> batch;
    std::string buffer;
    for (;;) {
      bool stopping = false;
      {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::milliseconds(50), [&] { return stopping_ || wanted_; });
        wanted_ = false;
        stopping = stopping_;
      }
      for (std::size_t i = 0; i < kShards; ++i) {
        taken[i].clear();  // (the shard's previous buffer: its capacity goes back for reuse)
        {
          std::lock_guard lock(shards_[i].mutex);
          taken[i].swap(shards_[i].text);
        }
        for (std::size_t at = 0; at < taken[i].size();) {
          Record record{};
          std::memcpy(&record, taken[i].data() + at, sizeof record);
          at += sizeof record;
          batch.emplace_back(record.sequence, std::string_view(taken[i]).substr(at, record.size));
          at += record.size;
        }
      }
      pending_.fetch_sub(batch.size(), std::memory_order_relaxed);
      std::sort(batch.begin(), batch.end(), [](const Line& a, const Line& b) { return a.first < b.first; });
      buffer.clear();
      if (auto dropped = dropped_.exchange(0))
        buffer += fmt::format(R"({{"level":40,"msg":"log queue full: {} lines dropped"}})" "\n", dropped);
      for (auto& line : batch) {
        buffer += line.second;
        buffer += '\n';
      }
      bool wrote_nothing = batch.empty();
      batch.clear();
      write_all(buffer);
      if (stopping && wrote_nothing) return;  // (lines pushed while stopping go out first)
    }
  }

  static void write_all(const std::string& data) {
    std::size_t written = 0;
    while (written < data.size()) {
      ssize_t n = ::write(STDOUT_FILENO, data.data() + written, data.size() - written);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        return;  // stdout gone: nothing sensible left to do with log lines
      }
      written += static_cast<std::size_t>(n);
    }
  }

  std::array<Shard, kShards> shards_;
  std::atomic<std::size_t> pending_{0};
  std::atomic<std::size_t> dropped_{0};
  std::atomic<std::uint64_t> sequence_{0};
  std::mutex mutex_;  // the wake-up
  std::condition_variable wake_;
  bool wanted_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

std::unique_ptr<Writer> g_writer;

const std::string& hostname() {
  static const std::string name = [] {
    char buffer[256] = {};
    gethostname(buffer, sizeof buffer - 1);
    return std::string(buffer);
  }();
  return name;
}

const std::string& process_fields() {
  static const std::string fields =
      fmt::format(R"("pid":{},"hostname":{})", getpid(), json::serialize(json::string(hostname())));
  return fields;
}

std::string json_line(Level level, std::string_view msg, const json::object& fields) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  std::string out = fmt::format(R"({{"level":{},"time":{},{})", static_cast<int>(level), ms,
                                process_fields());
  for (const auto& [key, value] : fields) {
    if (key == "msg" || key == "level" || key == "time") continue;
    out += ',';
    append_json_string(out, key);
    out += ':';
    append_json(out, value);  // (doubles in their shortest form: "0.078", where Boost.JSON writes "7.8E-2")
  }
  out += R"(,"msg":)";
  append_json_string(out, msg);
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
  if (!g_writer) g_writer = std::make_unique<Writer>();
}

bool enabled(Level level) noexcept {
  return !g_silent && static_cast<int>(level) >= g_min_level.load(std::memory_order_relaxed);
}

void write(Level level, std::string_view msg, const json::object& fields) {
  if (!enabled(level)) return;
  std::string line = g_format == Format::Json ? json_line(level, msg, fields)
                                              : pretty_line(level, msg, fields);
  if (!g_writer) {  // before init: write directly
    fmt::print(stderr, "{}\n", line);
    return;
  }
  g_writer->push(std::move(line), level >= Level::Error);
}

void write_members(Level level, std::string_view msg, std::string_view json_members) {
  if (!enabled(level)) return;
  if (g_format != Format::Json || !g_writer) {
    boost::system::error_code ec;
    auto fields = json::parse("{" + std::string(json_members) + "}", ec);
    write(level, msg, ec ? json::object() : fields.as_object());
    return;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  // (Appended piece by piece: this runs once per request, and fmt's parsing cost more than it.)
  const std::string& process = process_fields();
  std::string line;
  line.reserve(40 + process.size() + json_members.size() + msg.size());
  line += R"({"level":)";
  append_json_number(line, static_cast<std::int64_t>(level));
  line += R"(,"time":)";
  append_json_number(line, ms);
  line += ',';
  line += process;
  line += ',';
  line += json_members;
  line += R"(,"msg":)";
  append_json_string(line, msg);
  line += '}';
  g_writer->push(std::move(line), level >= Level::Error);
}


void shutdown() { g_writer.reset(); }

}  // namespace crest::log
