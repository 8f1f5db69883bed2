#pragma once
// Files embedded in the binary at build time (migrations, .sql queries), by path relative to the
// repository root: "migrations/sqlite/0001_workspaces.sql".
#include <string_view>
#include <vector>

namespace crest {

struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace crest
