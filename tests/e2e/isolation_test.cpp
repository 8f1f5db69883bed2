// The cross-workspace wall, for every route the API declares (routes added later are covered by
// construction): as a member of workspace B, every route with a path parameter answers 404 for
// workspace A's ids, and no list of B ever contains one of A's ids. Runs on both engines.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/api_scenario.hpp"
#include "support/api_seed.hpp"
#include "support/api_surface.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class Isolation : public ApiTest {
 protected:
  Lists lists_of(const Account& who) { return crest::testing::lists_of(*server, who); }
  void seed(const Account& who) { seed_workspace(*server, who); }
};

TEST_P(Isolation, EveryIdRouteAnswers404ForAnotherWorkspacesIds_AndNoListLeaks) {
  Account a = server->register_account("owner-a@example.com", "Workspace A");
  server->invite(a, "admin-a@example.com", "Admin");
  server->invite(a, "viewer-a@example.com", "Viewer");
  seed(a);
  Account b = server->register_account("owner-b@example.com", "Workspace B");  // Owner: every ability
  server->invite(b, "viewer-b@example.com", "Viewer");
  seed(b);

  Lists a_lists = lists_of(a);
  std::set<std::string> a_ids;
  for (const auto& [path, items] : a_lists) {
    auto found = ids_in(items);
    a_ids.insert(found.begin(), found.end());
  }
  ASSERT_FALSE(a_ids.empty());

  // No list of B holds any of A's ids.
  for (const auto& [path, items] : lists_of(b))
    for (const auto& id : ids_in(items)) EXPECT_EQ(a_ids.count(id), 0u) << path << " lists A's " << id;

  // Every route with a path parameter: 404 for each of A's ids, as B's Owner.
  std::vector<const Operation*> id_routes;
  for (const auto& op : api_operations())
    if (!op.params.empty() && op.path.starts_with("/api/v1/")) id_routes.push_back(&op);
  ASSERT_FALSE(id_routes.empty());
  Lists b_lists = lists_of(b);
  for (const Operation* op : id_routes) {
    auto items = a_lists.find(op->collection());
    ASSERT_NE(items, a_lists.end()) << op->path << ": no list at " << op->collection() << " to take A's ids from";
    auto candidates = ids_for_param(items->second, op->params.back());
    ASSERT_FALSE(candidates.empty()) << op->method << " " << op->path << ": seed() made nothing of A to try";
    auto body = op->body_schema.is_null()
                    ? json::value(nullptr)
                    : example_of(op->body_schema, [&](const std::string& c) { return id_from(b_lists, c); });
    for (const auto& id : candidates) {
      auto r = server->call(b, op->method, op->with_params({{op->params.back(), id}}), body);
      EXPECT_EQ(r.status, 404) << op->method << " " << op->path << " with A's " << id << ": " << r.body;
    }
  }

  // Control: the same routes with A's own ids are found (mutations last, deletes at the very end).
  std::stable_sort(id_routes.begin(), id_routes.end(), [](const Operation* x, const Operation* y) {
    auto rank = [](const Operation* op) { return op->method == "GET" ? 0 : op->method == "DELETE" ? 2 : 1; };
    return rank(x) < rank(y);
  });
  for (const Operation* op : id_routes) {
    auto candidates = ids_for_param(a_lists.at(op->collection()), op->params.back());
    auto body = op->body_schema.is_null()
                    ? json::value(nullptr)
                    : example_of(op->body_schema, [&](const std::string& c) { return id_from(a_lists, c); });
    auto r = server->call(a, op->method, op->with_params({{op->params.back(), candidates.back()}}), body);
    EXPECT_NE(r.status, 404) << op->method << " " << op->path << " with A's own id: " << r.body;
    EXPECT_LT(r.status, 500) << op->method << " " << op->path << ": " << r.body;
  }
}

CREST_API_TEST_ENGINES(Isolation);

}  // namespace
}  // namespace crest::testing
