#include "app/module_scaffold.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/util/embedded.hpp"

namespace crest::app {
namespace fs = std::filesystem;

namespace {

bool is_snake_case(std::string_view text) {
  static const std::regex pattern("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  return text.size() <= 40 && std::regex_match(text.begin(), text.end(), pattern);
}

// Names that would not compile as a namespace, or would shadow a namespace the modules use
// (crest::modules::common would hide crest::common from every module).
bool is_reserved(std::string_view name) {
  static constexpr std::array<std::string_view, 62> reserved{
      // C++ keywords a snake_case name can spell
      "alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch", "char", "class", "concept",
      "const", "continue", "default", "delete", "do", "double", "else", "enum", "explicit", "export", "extern",
      "false", "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new",
      "not", "nullptr", "operator", "or", "private", "protected", "public", "requires", "return", "short",
      "signed", "sizeof", "static", "struct", "switch", "template", "this", "throw", "true", "try", "union",
      "using", "virtual", "void", "volatile", "while", "xor"};
  static constexpr std::array<std::string_view, 16> namespaces{
      "app", "asio", "auth", "boost", "common", "contracts", "crest", "db", "detail", "dialect", "http", "json",
      "log", "metrics", "schema", "std"};
  return std::find(reserved.begin(), reserved.end(), name) != reserved.end() ||
         std::find(namespaces.begin(), namespaces.end(), name) != namespaces.end();
}

std::string singular_of(std::string_view plural) {
  auto ends = [&](std::string_view suffix) { return plural.ends_with(suffix); };
  if (ends("ies") && plural.size() > 3) return std::string(plural.substr(0, plural.size() - 3)) + "y";
  for (std::string_view suffix : {"sses", "shes", "ches", "xes", "zes"})
    if (ends(suffix)) return std::string(plural.substr(0, plural.size() - 2));
  if (ends("s") && !ends("ss") && plural.size() > 1) return std::string(plural.substr(0, plural.size() - 1));
  throw ScaffoldError(fmt::format("cannot tell the singular of '{}': name the module in the plural "
                                  "(tickets) or pass --singular", plural));
}

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

// support_tickets -> "SupportTickets" (pascal), "support-tickets" (separator "-"), ...
std::string words(std::string_view snake, std::string_view separator, bool pascal) {
  std::string out;
  bool start = true;
  for (char c : snake) {
    if (c == '_') {
      out += separator;
      start = true;
      continue;
    }
    out += pascal && start ? upper(c) : c;
    start = false;
  }
  return out;
}

std::string embedded_template(std::string_view file) {
  std::string path = "templates/module/" + std::string(file) + ".tmpl";
  for (const auto& embedded : embedded_files())
    if (embedded.path == path) return std::string(embedded.content);
  throw std::logic_error("template " + path + " is not embedded in this binary");
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScaffoldError("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw ScaffoldError("cannot write " + path.string());
}

// The next migration number over both engines' folders (0006 after 0005_parent_indexes.sql).
std::string next_migration_number(const fs::path& root) {
  int highest = 0;
  for (const char* engine : {"sqlite", "postgres"})
    for (const auto& entry : fs::directory_iterator(root / "migrations" / engine)) {
      std::string file = entry.path().filename().string();
      if (file.size() > 5 && std::all_of(file.begin(), file.begin() + 4, [](unsigned char c) { return std::isdigit(c); }) && file[4] == '_')
        highest = std::max(highest, std::stoi(file.substr(0, 4)));
    }
  return fmt::format("{:04d}", highest + 1);
}

// Whether a migration of either engine already creates `table`.
bool table_exists(const fs::path& root, const std::string& table) {
  std::regex create("CREATE TABLE (IF NOT EXISTS )?" + table + "\\b", std::regex::icase);
  for (const char* engine : {"sqlite", "postgres"})
    for (const auto& entry : fs::directory_iterator(root / "migrations" / engine))
      if (std::regex_search(read_file(entry.path()), create)) return true;
  return false;
}

// src/app/modules.cpp with the module's include (in order) and its line before `return modules;`.
std::string register_module(std::string source, const ModuleNames& names) {
  std::string include = fmt::format("#include \"modules/{0}/{0}_module.hpp\"\n", names.name);
  std::string line = fmt::format("  modules.push_back(std::make_unique<modules::{}Module>());\n",
                                 names.placeholders().at("Name"));
  std::size_t ret = source.find("  return modules;");
  std::size_t at = source.find("#include \"modules/");
  if (at == std::string::npos || ret == std::string::npos)
    throw ScaffoldError("src/app/modules.cpp has no module includes or no `return modules;` to register the module at");
  source.insert(ret, line);
  // Among the module includes, in alphabetical order.
  while (source.compare(at, 18, "#include \"modules/") == 0 && source.compare(at, include.size(), include) < 0)
    at = source.find('\n', at) + 1;
  source.insert(at, include);
  return source;
}

}  // namespace

std::map<std::string, std::string> ModuleNames::placeholders() const {
  std::string label = words(name, " ", false);
  std::string title = label;
  title[0] = upper(title[0]);
  return {{"name", name},
          {"singular", singular},
          {"Name", words(name, "", true)},
          {"Singular", words(singular, "", true)},
          {"route", words(name, "-", false)},
          {"label", label},
          {"label_singular", words(singular, " ", false)},
          {"Title", title}};
}

ModuleNames module_names(std::string_view name, std::optional<std::string> singular) {
  if (!is_snake_case(name))
    throw ScaffoldError(fmt::format("'{}' is not a module name: use lowercase snake_case, such as "
                                    "support_tickets (a letter first, at most 40 characters)", name));
  if (is_reserved(name))
    throw ScaffoldError(fmt::format("'{}' is a C++ keyword or a namespace crest uses; choose another name", name));
  ModuleNames names{std::string(name), singular ? *singular : singular_of(name)};
  if (!is_snake_case(names.singular) || is_reserved(names.singular))
    throw ScaffoldError(fmt::format("'{}' is not a usable singular: use lowercase snake_case", names.singular));
  return names;
}

std::string render_template(std::string_view text, const std::map<std::string, std::string>& placeholders) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t at = text.find('@', i);
    if (at == std::string_view::npos) break;
    std::size_t close = text.find('@', at + 1);
    if (close != std::string_view::npos) {
      auto found = placeholders.find(std::string(text.substr(at + 1, close - at - 1)));
      if (found != placeholders.end()) {
        out.append(text.substr(i, at - i)).append(found->second);
        i = close + 1;
        continue;
      }
    }
    out.append(text.substr(i, at + 1 - i));
    i = at + 1;
  }
  out.append(text.substr(i));
  return out;
}

ScaffoldResult scaffold_module(const fs::path& root, const ModuleNames& names) {
  for (const char* needed : {"src/modules", "src/app/modules.cpp", "migrations/sqlite", "migrations/postgres", "tests/e2e"})
    if (!fs::exists(root / needed))
      throw ScaffoldError(fmt::format("{} has no {}: run crest new-module from the root of a crest source tree "
                                      "(or pass --root)", root.string(), needed));
  const std::string& n = names.name;
  const std::string& s = names.singular;
  if (fs::exists(root / "src/modules" / n)) throw ScaffoldError(fmt::format("src/modules/{} exists already", n));
  if (table_exists(root, n)) throw ScaffoldError(fmt::format("a migration already creates a table named {}", n));

  std::string migration = next_migration_number(root) + "_" + n + ".sql";
  const std::vector<std::pair<std::string, std::string>> files{
      {"module.hpp", fmt::format("src/modules/{0}/{0}_module.hpp", n)},
      {"module.cpp", fmt::format("src/modules/{0}/{0}_module.cpp", n)},
      {"schema.hpp", fmt::format("src/modules/{}/{}_schema.hpp", n, s)},
      {"schema.cpp", fmt::format("src/modules/{}/{}_schema.cpp", n, s)},
      {"schema_test.cpp", fmt::format("src/modules/{}/{}_schema_test.cpp", n, s)},
      {"service.hpp", fmt::format("src/modules/{0}/{0}_service.hpp", n)},
      {"service.cpp", fmt::format("src/modules/{0}/{0}_service.cpp", n)},
      {"repository.hpp", fmt::format("src/modules/{0}/{0}_repository.hpp", n)},
      {"repository.cpp", fmt::format("src/modules/{0}/{0}_repository.cpp", n)},
      {"list.sql", fmt::format("src/modules/{}/queries/list.sql", n)},
      {"presenter.hpp", fmt::format("src/modules/{}/{}_presenter.hpp", n, s)},
      {"presenter.cpp", fmt::format("src/modules/{}/{}_presenter.cpp", n, s)},
      {"migration.sqlite.sql", "migrations/sqlite/" + migration},
      {"migration.postgres.sql", "migrations/postgres/" + migration},
      {"e2e_test.cpp", fmt::format("tests/e2e/{}_test.cpp", n)},
  };
  ScaffoldResult result;
  std::vector<std::pair<fs::path, std::string>> outputs;
  auto placeholders = names.placeholders();
  for (const auto& [source, target] : files) {
    if (fs::exists(root / target)) throw ScaffoldError(target + " exists already");
    outputs.emplace_back(root / target, render_template(embedded_template(source), placeholders));
    result.written.push_back(target);
  }
  const fs::path registry = root / "src/app/modules.cpp";
  outputs.emplace_back(registry, register_module(read_file(registry), names));
  result.edited.push_back("src/app/modules.cpp");

  for (const auto& [path, text] : outputs) write_file(path, text);
  return result;
}

}  // namespace crest::app
