#pragma once
// A view shape written straight to JSON text: what presenters return. It reads like the
// boost::json::object it replaces,
//
//   return View{{"id", row.text("id")},
//               {"owner", auth::present_owner(row)},          // a nested View
//               {"domain", row.optional_text("domain")},      // null for a NULL column
//               {"pipelineValue", View{{"amountCents", cents}, {"currency", currency}}}};
//
// but each member is written as text as it is given, so a view costs one string instead of a
// tree of allocations built, serialized and freed (on GET /companies/:id that tree was a fifth
// of the server's instructions). A View is for output only: code that reads a view back (a diff
// for the audit, an ability condition) builds a boost::json::object instead.
#include <boost/json/fwd.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace crest {

class View {
 public:
  // A member's value. It refers to what it was made from, like boost::json::value_ref: it lives
  // only inside the braces of the View it is written into.
  class Value {
   public:
    Value(std::nullptr_t) noexcept : kind_(Kind::Null) {}
    template <class Bool, std::enable_if_t<std::is_same_v<Bool, bool>, int> = 0>
    Value(Bool b) noexcept : kind_(Kind::Bool), boolean_(b) {}
    template <class Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
    Value(Int n) noexcept : kind_(Kind::Integer), integer_(static_cast<std::int64_t>(n)) {}
    Value(double d) noexcept : kind_(Kind::Double), double_(d) {}
    Value(const char* s) noexcept : kind_(Kind::String), string_(s) {}
    Value(std::string_view s) noexcept : kind_(Kind::String), string_(s) {}
    Value(const std::string& s) noexcept : kind_(Kind::String), string_(s) {}
    Value(const std::optional<std::string>& s) noexcept
        : kind_(s ? Kind::String : Kind::Null), string_(s ? std::string_view(*s) : std::string_view()) {}
    Value(const View& view) noexcept : kind_(Kind::Text), string_(view.json()) {}
    Value(const boost::json::value& json) noexcept : kind_(Kind::Json), json_(&json) {}

    void write(std::string& out) const;

   private:
    enum class Kind { Null, Bool, Integer, Double, String, Text, Json };
    Kind kind_;
    union {
      bool boolean_;
      std::int64_t integer_;
      double double_;
      std::string_view string_;
      const boost::json::value* json_;
    };
  };
  using Member = std::pair<std::string_view, Value>;

  // An object, its members in the order given.
  View(std::initializer_list<Member> members);
  static View null() { return View(std::string("null")); }
  static View array(const std::vector<View>& items);

  const std::string& json() const noexcept { return text_; }
  std::string release() && noexcept { return std::move(text_); }

 private:
  explicit View(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace crest
