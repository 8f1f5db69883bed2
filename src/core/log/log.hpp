#pragma once
// Pino-compatible JSON-lines logging (level 30/40/50, time in ms, msg, extra fields), or readable
// colour lines on a terminal. Lines are formatted by the caller and written by a background
// thread, so logging never blocks an I/O thread; when the queue is full new lines are dropped
// and counted (a line says how many).
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace crest::log {

enum class Level { Trace = 10, Debug = 20, Info = 30, Warn = 40, Error = 50, Fatal = 60 };

enum class Format { Json, Pretty };

// Parses "trace|debug|info|warn|error|fatal|silent"; false on anything else.
bool parse_level(std::string_view text, Level& level, bool& silent);

void init(Level level, Format format, bool silent = false);
bool enabled(Level level) noexcept;
void write(Level level, std::string_view msg, const boost::json::object& fields = {});
// For hot paths (the access line): `json_members` is a ready JSON fragment of object members,
// `"a":1,"b":"x"` (core/util/json_text.hpp writes them), written as is in JSON mode.
void write_members(Level level, std::string_view msg, std::string_view json_members);
void shutdown();

inline void debug(std::string_view m, const boost::json::object& f = {}) { write(Level::Debug, m, f); }
inline void info(std::string_view m, const boost::json::object& f = {}) { write(Level::Info, m, f); }
inline void warn(std::string_view m, const boost::json::object& f = {}) { write(Level::Warn, m, f); }
inline void error(std::string_view m, const boost::json::object& f = {}) { write(Level::Error, m, f); }
inline void fatal(std::string_view m, const boost::json::object& f = {}) { write(Level::Fatal, m, f); }

}  // namespace crest::log
