#include "common/pg_text_array.hpp"

#include <stdexcept>

namespace crest::common {

void PgTextArray::push(const db::Value& value) {
  if (size_++) text_ += ',';
  if (std::holds_alternative<std::nullptr_t>(value)) {
    text_ += "NULL";
    return;
  }
  const auto* text = std::get_if<std::string>(&value);
  if (!text) throw std::logic_error("PgTextArray takes text or null");
  text_ += '"';
  for (char c : *text) {
    if (c == '"' || c == '\\') text_ += '\\';
    text_ += c;
  }
  text_ += '"';
}

}  // namespace crest::common
