#include "common/id_list.hpp"

#include <gtest/gtest.h>

namespace crest::common {
namespace {

TEST(IdList, EveryMentionOfTheListIsFilledAndTheIdsBoundFromTheFirstPlaceholder) {
  auto [sql, params] = with_id_list("-- the page's rows ({ids})\nSELECT id FROM t WHERE ws = $1 AND id IN ({ids})",
                                    {"a", "b", "c"}, 2);
  EXPECT_EQ(sql, "-- the page's rows ($2, $3, $4)\nSELECT id FROM t WHERE ws = $1 AND id IN ($2, $3, $4)")
      << "a mention in a comment must not take the statement's place";
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(std::get<std::string>(params[2]), "c");
  EXPECT_THROW(with_id_list("SELECT 1", {"a"}, 1), std::logic_error);
  EXPECT_THROW(with_id_list("SELECT 1 WHERE id IN ({ids})", {}, 1), std::logic_error);
}

}  // namespace
}  // namespace crest::common
