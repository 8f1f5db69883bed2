#include "core/db/result.hpp"

#include <charconv>
#include <stdexcept>

namespace crest::db {

std::size_t Result::column_index(std::string_view name) const {
  if (!columns) throw std::logic_error("query result has no column '" + std::string(name) + "'");
  const auto& names = *columns;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  throw std::logic_error("query result has no column '" + std::string(name) + "'");
}

const Value& Row::value(std::string_view column) const {
  std::size_t index = result_->column_index(column);
  return result_->cells.at(index_ * result_->columns->size() + index);
}

bool Row::is_null(std::string_view column) const {
  return std::holds_alternative<std::nullptr_t>(value(column));
}

std::string Row::text(std::string_view column) const {
  const Value& v = value(column);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  throw std::logic_error("column '" + std::string(column) + "' is null");
}

std::optional<std::string> Row::optional_text(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::int64_t Row::integer(std::string_view column) const {
  const Value& v = value(column);
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && ptr == s->data() + s->size()) return out;
    if (*s == "t" || *s == "true") return 1;
    if (*s == "f" || *s == "false") return 0;
  }
  throw std::logic_error("column '" + std::string(column) + "' is not an integer");
}

std::optional<std::int64_t> Row::optional_integer(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}

double Row::real(std::string_view column) const {
  const Value& v = value(column);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) return std::stod(*s);
  throw std::logic_error("column '" + std::string(column) + "' is null");
}

bool Row::boolean(std::string_view column) const { return integer(column) != 0; }

std::string Row::time(std::string_view column) const {
  if (auto* s = std::get_if<std::string>(&value(column))) return normalize_timestamp(*s);
  return normalize_timestamp(text(column));
}

std::optional<std::string> Row::optional_time(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return time(column);
}

std::string normalize_timestamp(std::string_view t) {
  // Both engines store UTC; only the spelling differs.
  if (t.size() < 19) return std::string(t);
  std::string out;
  out.reserve(24);
  out.append(t.substr(0, 19));
  out[10] = 'T';
  char millis[] = {'.', '0', '0', '0', 'Z'};
  std::size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    ++i;
    for (std::size_t k = 1; k < 4 && i < t.size() && t[i] >= '0' && t[i] <= '9'; ++k, ++i) millis[k] = t[i];
  }
  out.append(millis, sizeof millis);
  return out;
}

}  // namespace crest::db
