#pragma once
// `crest new-module NAME`: writes a module in the house pattern (route table, schema, service,
// repository with its .sql, presenter, migrations for both engines, unit and end-to-end tests)
// from the templates embedded in the binary (templates/module/*.tmpl), and registers it in
// src/app/modules.cpp. The build picks up new sources by itself.
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace crest::app {

// Bad names, a module that exists, or a tree that is not crest's: the message says which.
class ScaffoldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every spelling the templates need, from a plural snake_case name ("support_tickets").
struct ModuleNames {
  std::string name;      // support_tickets: directory, namespace, table
  std::string singular;  // support_ticket
  // The template placeholders (@name@, @Name@, @route@, ...) and their values.
  std::map<std::string, std::string> placeholders() const;
};

// `singular` defaults to the English singular of `name` (tickets -> ticket, categories ->
// category, boxes -> box); throws ScaffoldError for names that are not plural snake_case.
ModuleNames module_names(std::string_view name, std::optional<std::string> singular = std::nullopt);

// Replaces each @key@ of `placeholders` in `text`.
std::string render_template(std::string_view text, const std::map<std::string, std::string>& placeholders);

struct ScaffoldResult {
  std::vector<std::string> written;  // paths relative to the root
  std::vector<std::string> edited;
};

// Writes the module into the source tree at `root`; all or nothing: every check happens before the
// first file is written.
ScaffoldResult scaffold_module(const std::filesystem::path& root, const ModuleNames& names);

}  // namespace crest::app
