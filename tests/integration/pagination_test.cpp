// Pagination against real engines: stable pages, total in the same statement, pages past the end.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <set>

#include "common/pagination.hpp"
#include "support/database_fixture.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;

const common::Pagination& pagination() {
  static const common::Pagination p(std::vector<common::SortColumn>{{"name", "name"}, {"createdAt", "created_at"}});
  return p;
}

common::Pagination::Request request_for(const std::string& query_json) {
  auto v = schema::object(pagination().query_fields()).validate(boost::json::parse(query_json), schema::Mode::Coerce);
  EXPECT_TRUE(v.ok());
  return pagination().request(v.value);
}

class Pagination : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped()) return;
    run([&]() -> asio::awaitable<void> {
      db::Params none;
      co_await database->query("CREATE TABLE things (id TEXT PRIMARY KEY, owner TEXT NOT NULL, "
                               "name TEXT NOT NULL, created_at TEXT NOT NULL)", none);
      // 25 things for owner a (names repeat, so the id tie-break matters), 5 for owner b.
      for (int i = 0; i < 30; ++i) {
        std::string digits = (i < 10 ? "0" : "") + std::to_string(i);
        db::Params row{"t" + digits, std::string(i < 25 ? "a" : "b"), "name" + std::to_string(i % 7),
                       "2026-01-01T00:00:" + digits + ".000Z"};
        co_await database->query("INSERT INTO things (id, owner, name, created_at) VALUES ($1, $2, $3, $4)", row);
      }
    }());
  }

  std::pair<db::Result, PageMeta> page(const std::string& query_json) {
    auto request = request_for(query_json);
    return run([&]() -> asio::awaitable<std::pair<db::Result, PageMeta>> {
      db::Params owner{std::string("a")};
      co_return co_await pagination().fetch(*database, "SELECT id, name, created_at FROM things WHERE owner = $1",
                                            owner, request);
    }());
  }
};

TEST_P(Pagination, PagesAreStableDisjointAndCoverEveryRow) {
  std::set<std::string> seen;
  std::string previous_key;
  for (int p = 1; p <= 3; ++p) {
    auto [rows, meta] = page(R"({"sortBy":"name","sortOrder":"asc","limit":"10","page":")" + std::to_string(p) + "\"}");
    EXPECT_EQ(meta.total, 25);
    EXPECT_EQ(rows.size(), p < 3 ? 10u : 5u);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::string key = rows[i].text("name") + "|" + rows[i].text("id");
      EXPECT_LT(previous_key, key);  // ordered by name, then id
      previous_key = key;
      EXPECT_TRUE(seen.insert(rows[i].text("id")).second) << "row on two pages";
    }
  }
  EXPECT_EQ(seen.size(), 25u);
}

TEST_P(Pagination, DefaultSortIsTheFirstAllowListedFieldDescending) {
  auto [rows, meta] = page("{}");
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[0].text("name"), "name6");
  EXPECT_EQ(rows[0].text("id"), "t20");  // highest id among the name6 rows
  EXPECT_EQ(meta.page, 1);
  EXPECT_EQ(meta.limit, 10);
}

TEST_P(Pagination, SortByCreatedAtAscending) {
  auto [rows, meta] = page(R"({"sortBy":"createdAt","sortOrder":"asc"})");
  EXPECT_EQ(rows[0].text("id"), "t00");
  EXPECT_EQ(rows[9].text("id"), "t09");
}

TEST_P(Pagination, PagePastTheEndIsEmptyButKeepsTheTotal) {
  auto [rows, meta] = page(R"({"page":"9"})");
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(meta.total, 25);
}

TEST_P(Pagination, OneStatementPerPage) {
  auto before = database->statements_executed();
  page(R"({"page":"2"})");
  EXPECT_EQ(database->statements_executed() - before, 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, Pagination, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres),
                         engine_name);

}  // namespace
}  // namespace crest::testing
