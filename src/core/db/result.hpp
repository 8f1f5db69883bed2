#pragma once
// Rows as feature code sees them: typed getters by column name, no engine types.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace crest::db {

// A bound parameter or a fetched cell. Booleans travel as integers 0/1 (both engines accept them).
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

class Result;

class Row {
 public:
  Row(const Result& result, std::size_t index) : result_(&result), index_(index) {}

  bool is_null(std::string_view column) const;
  std::string text(std::string_view column) const;
  std::optional<std::string> optional_text(std::string_view column) const;
  std::int64_t integer(std::string_view column) const;
  std::optional<std::int64_t> optional_integer(std::string_view column) const;
  double real(std::string_view column) const;
  bool boolean(std::string_view column) const;
  // A timestamp column as ISO 8601 UTC ("2026-11-23T16:12:29.123Z") whichever engine stored it.
  std::string time(std::string_view column) const;
  std::optional<std::string> optional_time(std::string_view column) const;
  const Value& value(std::string_view column) const;

 private:
  const Result* result_;
  std::size_t index_;
};

class Result {
 public:
  using Columns = std::shared_ptr<const std::vector<std::string>>;
  Columns columns;  // shared by a statement's results; null for a result without columns
  // Row-major cells, columns->size() per row: one allocation for the whole result.
  std::vector<Value> cells;
  std::int64_t affected_rows = 0;

  std::size_t size() const noexcept { return !columns || columns->empty() ? 0 : cells.size() / columns->size(); }
  bool empty() const noexcept { return cells.empty(); }
  Row operator[](std::size_t i) const { return Row(*this, i); }
  Row front() const { return Row(*this, 0); }
  // Throws std::logic_error naming the column when the query does not return it.
  std::size_t column_index(std::string_view name) const;
};

// "2026-11-23 16:12:29.123+00" (PostgreSQL) or "2026-11-23T16:12:29.123Z" -> ISO 8601 UTC with ms.
std::string normalize_timestamp(std::string_view text);

}  // namespace crest::db
