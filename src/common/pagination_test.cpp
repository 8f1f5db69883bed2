#include "common/pagination.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace crest::common {
namespace {

const Pagination& companies() {
  static const Pagination p(std::vector<SortColumn>{{"createdAt", "created_at"}, {"name", "name"}, {"updatedAt", "updated_at"}});
  return p;
}

schema::Schema query_schema() { return schema::object(companies().query_fields()); }

TEST(Pagination, DefaultsArePageOneLimitTenNewestFirst) {
  auto v = query_schema().validate(boost::json::object(), schema::Mode::Coerce);
  ASSERT_TRUE(v.ok());
  auto r = companies().request(v.value);
  EXPECT_EQ(r.page, 1);
  EXPECT_EQ(r.limit, 10);
  EXPECT_EQ(r.order_by, "created_at DESC, id DESC");
}

TEST(Pagination, SortByOutsideTheAllowListIsRejected) {
  auto v = query_schema().validate(boost::json::parse(R"({"sortBy":"password; DROP TABLE x"})"), schema::Mode::Coerce);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.errors.front().path, "sortBy");
  EXPECT_EQ(v.errors.front().code, "invalid_enum_value");
}

TEST(Pagination, LimitAndPageAreBounded) {
  auto v = query_schema().validate(boost::json::parse(R"({"limit":"101","page":"0"})"), schema::Mode::Coerce);
  EXPECT_EQ(v.errors.size(), 2u);
}

TEST(Pagination, AscendingNameWithIdTieBreak) {
  auto v = query_schema().validate(boost::json::parse(R"({"sortBy":"name","sortOrder":"asc","page":"3","limit":"20"})"),
                                   schema::Mode::Coerce);
  ASSERT_TRUE(v.ok());
  auto r = companies().request(v.value);
  EXPECT_EQ(r.order_by, "name ASC, id ASC");
  EXPECT_EQ(companies().page_sql("SELECT id, name FROM companies WHERE workspace_id = $1", 1, r),
            "SELECT page_rows.*, (SELECT count(*) FROM (SELECT id, name FROM companies WHERE workspace_id = $1) "
            "AS counted) AS total_count FROM (SELECT page_source.* FROM (SELECT id, name FROM companies WHERE "
            "workspace_id = $1) AS page_source ORDER BY name ASC, id ASC LIMIT $2 OFFSET $3) AS page_rows "
            "ORDER BY name ASC, id ASC");
}

}  // namespace
}  // namespace crest::common
