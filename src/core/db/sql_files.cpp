#include "core/db/sql_files.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "core/util/embedded.hpp"

namespace crest::db {

namespace {
const EmbeddedFile* find_file(std::string_view path) {
  for (const auto& file : embedded_files())
    if (file.path == path) return &file;
  return nullptr;
}
}  // namespace

std::string_view sql_file(std::string_view path) {
  if (const auto* file = find_file(path)) return file->content;
  throw std::logic_error("no embedded SQL file " + std::string(path) + " (is it under src/ or migrations/?)");
}

std::string fill_placeholder(std::string_view sql, std::string_view name, std::string_view text) {
  std::string key = "{" + std::string(name) + "}";
  std::string out(sql);
  std::size_t at = out.find(key);
  if (at == std::string::npos) throw std::logic_error("the SQL has no " + key);
  for (; at != std::string::npos; at = out.find(key, at + text.size())) out.replace(at, key.size(), text);
  return out;
}

std::string_view sql_for(Engine engine, std::string_view stem) {
  std::string specific = fmt::format("{}.{}.sql", stem, engine == Engine::Postgres ? "postgres" : "sqlite");
  if (const auto* file = find_file(specific)) return file->content;
  return sql_file(std::string(stem) + ".sql");
}

namespace dialect {

std::string contains_case_insensitive(Engine engine, std::string_view column, int parameter) {
  // The parameter is wrapped in % on the SQL side, so callers bind the raw text; % and _ in it
  // are escaped with \ by escape_like.
  if (engine == Engine::Postgres)
    return fmt::format("{} ILIKE '%' || ${} || '%' ESCAPE '\\'", column, parameter);
  return fmt::format("{} LIKE '%' || ${} || '%' ESCAPE '\\'", column, parameter);
}

std::string escape_like(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace dialect

}  // namespace crest::db
