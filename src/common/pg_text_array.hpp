#pragma once
// A column of text values as one PostgreSQL array literal ('{"a",NULL,"b \"c\""}'), for batch
// statements that take each column as a single parameter (`unnest($4::text[], $5::text[])`):
// the statement text stays the same whatever the batch's size, and PostgreSQL parses and plans it
// once instead of binding seven placeholders a row.
#include <optional>
#include <string>
#include <vector>

#include "core/db/result.hpp"

namespace crest::common {

class PgTextArray {
 public:
  // A null cell (std::nullptr_t) is NULL; a string is quoted, its backslashes and quotes escaped.
  // Anything else is a logic error (std::logic_error).
  void push(const db::Value& value);
  std::size_t size() const noexcept { return size_; }
  std::string literal() const { return text_ + "}"; }

 private:
  std::string text_ = "{";
  std::size_t size_ = 0;
};

}  // namespace crest::common
