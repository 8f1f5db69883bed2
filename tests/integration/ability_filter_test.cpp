// For lists, ability conditions become SQL through the tenant-scoped handle: a page never holds a
// row the caller may not read, and its total counts only readable rows. Both engines.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "common/pagination.hpp"
#include "common/tenant_db.hpp"
#include "core/auth/abilities.hpp"
#include "support/database_fixture.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using auth::Abilities;
using auth::Rule;

class AbilityFilter : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped()) return;
    run([&]() -> asio::awaitable<void> {
      db::Params none;
      co_await database->query(
          "CREATE TABLE tasks (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, owner_id TEXT, stage TEXT NOT NULL, "
          "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT, created_by TEXT, updated_by TEXT)",
          none);
    }());
    common::TenantDb workspace(*database, {"w1", "u1"});
    // me: 3 Open + 1 Lost; someone else: 4 Open; and one of mine in another workspace.
    for (int i = 0; i < 8; ++i) {
      common::Fields fields{{"owner_id", std::string(i < 4 ? "me" : "other")},
                            {"stage", std::string(i == 3 ? "Lost" : "Open")}};
      run(workspace.insert("tasks", fields));
    }
    common::TenantDb elsewhere(*database, {"w2", "u9"});
    common::Fields mine{{"owner_id", std::string("me")}, {"stage", std::string("Open")}};
    run(elsewhere.insert("tasks", mine));
  }

  // The rows of w1 a caller with `abilities` may read, one page of `limit`.
  std::pair<db::Result, PageMeta> readable_page(const Abilities& abilities, int limit) {
    static const common::Pagination pagination(std::vector<common::SortColumn>{{"createdAt", "created_at"}});
    auto query = schema::object(pagination.query_fields())
                     .validate(json::object{{"limit", limit}}, schema::Mode::Coerce).value;
    auto request = pagination.request(query);
    // $1 is the workspace; the filter's placeholders follow.
    auto filter = abilities.sql_filter(auth::action::Read, "Task", {{"ownerId", "owner_id"}, {"stage", "stage"}}, 2);
    std::string sql = "SELECT id, owner_id, stage, created_at FROM tasks WHERE workspace_id = $1 AND deleted_at IS NULL AND " +
                      filter.sql;
    common::TenantDb tenant(*database, {"w1", "me"});
    std::pair<db::Result, PageMeta> page;
    run(tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
      page = co_await pagination.fetch(s, sql, filter.params, request);
    }));
    return page;
  }
};

TEST_P(AbilityFilter, ConditionsBecomeWhereClauses_PagesHoldOnlyReadableRows) {
  Abilities own_open({Rule{"Read", "Task", json::object{{"ownerId", "me"}}, {}, false},
                      Rule{"Read", "Task", json::object{{"stage", "Lost"}}, {}, true}});
  auto [rows, meta] = readable_page(own_open, 2);
  EXPECT_EQ(meta.total, 3);  // mine, not Lost, not the other workspace's
  ASSERT_EQ(rows.size(), 2u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].text("owner_id"), "me");
    EXPECT_EQ(rows[i].text("stage"), "Open");
  }
}

TEST_P(AbilityFilter, UnconditionalReadSeesTheWorkspace_NoRuleSeesNothing) {
  Abilities everything({Rule{"Manage", "all", {}, {}, false}});
  EXPECT_EQ(readable_page(everything, 100).second.total, 8);
  EXPECT_EQ(readable_page(Abilities{}, 100).second.total, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, AbilityFilter, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres),
                         engine_name);

}  // namespace
}  // namespace crest::testing
