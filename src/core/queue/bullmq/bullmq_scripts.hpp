#pragma once
// BullMQ's own Lua scripts, of the npm version cmake/BullMQ.cmake pins (fetched at configure time,
// checked against its SHA-256, embedded in the binary), with their `--- @include "…"` lines
// resolved as BullMQ's ScriptLoader resolves them: an include's path is relative to the file that
// names it (".lua" implied), its text takes the place of its first @include in the script, depth
// first, and a file already included is not included again. Never a hand-written imitation: the
// BullMQ-compatible backend runs these, as BullMQ's Python, Elixir and PHP ports do.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crest::queue::bullmq {

struct Script {
  std::string name;  // the command: "addStandardJob"
  int keys = 0;      // how many of its arguments are keys (the file's "-9")
  std::string lua;   // includes resolved
};

std::string_view version();  // "6.7.0"
// Every command of the pinned version, by name.
const std::vector<Script>& scripts();
// One of them; std::out_of_range for a name the version does not have.
const Script& script(std::string_view name);

// The resolution alone: `read` gives a file's text by its path under the commands folder
// ("addStandardJob-9.lua", "includes/storeJob.lua"), or nullopt; std::runtime_error names an
// include that is missing.
std::string resolve_includes(const std::string& path,
                             const std::function<std::optional<std::string_view>(const std::string&)>& read);

}  // namespace crest::queue::bullmq
