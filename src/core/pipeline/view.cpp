#include "core/pipeline/view.hpp"

#include "core/util/json_text.hpp"

namespace crest {

void View::Value::write(std::string& out) const {
  switch (kind_) {
    case Kind::Null: out += "null"; return;
    case Kind::Bool: out += boolean_ ? "true" : "false"; return;
    case Kind::Integer: append_json_number(out, integer_); return;
    case Kind::Double: append_json_number(out, double_); return;
    case Kind::String: append_json_string(out, string_); return;
    case Kind::Text: out += string_; return;
    case Kind::Json: append_json(out, *json_); return;
  }
}

View::View(std::initializer_list<Member> members) {
  text_.reserve(48 * members.size() + 2);
  text_ += '{';
  bool first = true;
  for (const auto& [key, value] : members) {
    if (!first) text_ += ',';
    first = false;
    append_json_string(text_, key);
    text_ += ':';
    value.write(text_);
  }
  text_ += '}';
}

View View::array(const std::vector<View>& items) {
  std::size_t size = 2;
  for (const auto& item : items) size += item.json().size() + 1;
  std::string text;
  text.reserve(size);
  text += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += ',';
    text += items[i].json();
  }
  text += ']';
  return View(std::move(text));
}

}  // namespace crest
