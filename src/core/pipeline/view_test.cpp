#include "core/pipeline/view.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace crest {
namespace {

TEST(View, WritesMembersInTheOrderGivenAsBoostWouldSerializeThem) {
  std::optional<std::string> none, some = std::string("acme.io");
  std::int64_t cents = 1230000;
  View view{{"id", std::string("c-1")},
            {"name", "Acme \"Inc\"\n"},
            {"domain", some},
            {"phone", none},
            {"count", 0},
            {"cents", cents},
            {"active", true},
            {"deleted", nullptr},
            {"owner", View{{"id", "u-1"}, {"name", "Ada"}}},
            {"nobody", View::null()}};
  boost::json::object expected{{"id", "c-1"},          {"name", "Acme \"Inc\"\n"}, {"domain", "acme.io"},
                               {"phone", nullptr},     {"count", 0},               {"cents", cents},
                               {"active", true},       {"deleted", nullptr},
                               {"owner", {{"id", "u-1"}, {"name", "Ada"}}}, {"nobody", nullptr}};
  EXPECT_EQ(view.json(), boost::json::serialize(expected));
}

TEST(View, EmbedsAJsonValueAndReadsBackAsOne) {
  boost::json::value changes = {{"name", {{"before", "A"}, {"after", "B"}}}, {"tags", {1, 2.5, "x"}}};
  View view{{"changes", changes}, {"ratio", 0.25}};
  auto parsed = boost::json::parse(view.json());
  EXPECT_EQ(parsed.at("changes"), changes);
  EXPECT_EQ(parsed.at("ratio").as_double(), 0.25);
}

TEST(View, ArraysJoinTheirItems) {
  std::vector<View> items;
  EXPECT_EQ(View::array(items).json(), "[]");
  items.push_back(View{{"id", 1}});
  items.push_back(View::null());
  items.push_back(View{});
  EXPECT_EQ(View::array(items).json(), R"([{"id":1},null,{}])");
}

TEST(View, KeysAreEscapedToo) {
  EXPECT_EQ((View{{"a\"b", "c"}}).json(), R"({"a\"b":"c"})");
}

}  // namespace
}  // namespace crest
