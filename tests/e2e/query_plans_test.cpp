// No plan's shape may depend on PostgreSQL having statistics: a fresh deployment, a new table and
// a table after a bulk load all run without them until autovacuum gets there. Every list route,
// and every read by id with an id from its list (found from the OpenAPI document, so routes added
// later are covered), is read from a database that
// holds rows and has never been analyzed, with auto_explain handing each statement's executed plan
// to crest as a notice; no aggregate and no full scan may run more than once in a statement (a
// count rescanned per row of the page made a list 20 times slower than it is with statistics),
// and no read of one row, nor any lookup run per row, may read mostly rows it throws away.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "support/api_scenario.hpp"
#include "support/api_seed.hpp"
#include "support/api_surface.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

struct Finding {
  std::string node;
  std::int64_t loops = 0;
  double discarded = 0;  // rows a scan read and its filter threw away, per loop
};

std::string node_name(const json::object& node) {
  std::string what(node.at("Node Type").as_string());
  if (auto* index = node.if_contains("Index Name")) what += " using " + std::string(index->as_string());
  if (auto* relation = node.if_contains("Relation Name")) what += " on " + std::string(relation->as_string());
  return what;
}

// Aggregates and sequential scans that ran more than once (an inner side of a nested loop, a
// correlated subplan): each is a pass over a whole input per outer row.
void repeated_passes(const json::object& node, std::vector<Finding>& out) {
  std::string type(node.at("Node Type").as_string());
  std::int64_t loops = node.contains("Actual Loops") ? node.at("Actual Loops").to_number<std::int64_t>() : 0;
  if ((type == "Aggregate" || type == "Seq Scan") && loops > 1) out.push_back({node_name(node), loops});
  if (auto* plans = node.if_contains("Plans"))
    for (const auto& child : plans->as_array()) repeated_passes(child.as_object(), out);
}

// Scans of the application's tables whose filter threw away more rows than they kept (and more
// than a few), in a statement that answered one row (a read by id walking the workspace through
// another index) or run once per row (a correlated lookup doing that for every row of the page). Without
// statistics PostgreSQL ties the primary key with every partial index of the workspace; a lookup
// by key names the key alone in a subquery (common/key_lookup.hpp). A statement over a whole page
// may still read the workspace's index once (docs/database.md).
void discarding_scans(const json::object& node, bool one_row, std::vector<Finding>& out) {
  auto* removed = node.if_contains("Rows Removed by Filter");
  auto* relation = node.if_contains("Relation Name");
  if (removed && relation && !relation->as_string().starts_with("pg_")) {
    double discarded = removed->to_number<double>();
    double kept = node.at("Actual Rows").to_number<double>();
    auto loops = node.at("Actual Loops").to_number<std::int64_t>();
    if (discarded > std::max(4.0, kept) && (one_row || loops > 1)) out.push_back({node_name(node), loops, discarded});
  }
  if (auto* plans = node.if_contains("Plans"))
    for (const auto& child : plans->as_array()) discarding_scans(child.as_object(), one_row, out);
}

class QueryPlans : public ApiTest {};

TEST_P(QueryPlans, NoReadRunsAnAggregateOncePerRowOrWalksRowsItDiscardsWithoutStatistics) {
  // Nothing may analyze the tables behind the test's back; parallel plans would count each
  // worker's loop.
  server->sql(
      "DO $$ DECLARE t record; BEGIN "
      "FOR t IN SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace LOOP "
      "EXECUTE format('ALTER TABLE public.%I SET (autovacuum_enabled = false)', t.relname); END LOOP; END $$");
  Account owner = server->register_account("owner@example.com", "Plans");
  server->invite(owner, "viewer@example.com", "Viewer");
  seed_workspace(*server, owner, 25);
  auto companies = server->call(owner, "GET", "/api/v1/companies?limit=1");
  ASSERT_EQ(companies.status, 200) << companies.body;
  ASSERT_GE(companies.json().at("meta").at("total").to_number<std::int64_t>(), 20) << "the seed made too few rows";

  server->sql(
      "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET session_preload_libraries = ''auto_explain''', "
      "current_database()); "
      "EXECUTE format('ALTER DATABASE %I SET auto_explain.log_min_duration = 0', current_database()); "
      "EXECUTE format('ALTER DATABASE %I SET auto_explain.log_analyze = on', current_database()); "
      "EXECUTE format('ALTER DATABASE %I SET auto_explain.log_format = ''json''', current_database()); "
      "EXECUTE format('ALTER DATABASE %I SET auto_explain.log_level = ''notice''', current_database()); "
      "EXECUTE format('ALTER DATABASE %I SET max_parallel_workers_per_gather = 0', current_database()); END $$");
  // A second instance, whose connections open now (with auto_explain) and which logs notices.
  auto explaining = server->another_instance({{"LOG_LEVEL", "debug"}});
  int lists = 0;
  std::map<std::string, json::array> items;  // each list's first page, for the by-id reads
  for (const auto& op : api_operations()) {
    if (!op.is_list() || op.is_public || !op.path.starts_with("/api/v1/")) continue;
    for (const char* page : {"?limit=20", "?limit=20&page=2"}) {
      auto r = explaining->call(owner, "GET", op.path + (op.paginated ? page : ""));
      EXPECT_EQ(r.status, 200) << op.path << ": " << r.body;
      if (r.status == 200 && !items.contains(op.path)) {
        auto body = r.json();
        auto* data = body.is_object() ? body.as_object().if_contains("data") : nullptr;
        if (data && data->is_array()) items[op.path] = data->as_array();
      }
      if (!op.paginated) break;
    }
    ++lists;
  }
  ASSERT_GE(lists, 6);
  int reads = 0;
  for (const auto& op : api_operations()) {
    if (op.method != "GET" || op.params.size() != 1 || op.is_public) continue;
    auto list = items.find(op.collection());
    if (list == items.end()) continue;
    auto ids = ids_for_param(list->second, op.params.back());
    if (ids.empty()) continue;
    auto r = explaining->call(owner, "GET", op.with_params({{op.params.back(), ids.front()}}));
    EXPECT_EQ(r.status, 200) << op.path << ": " << r.body;
    ++reads;
  }
  ASSERT_GE(reads, 4);

  EXPECT_EQ(server->sql("SET client_min_messages = warning; SELECT count(*) FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid "
                        "WHERE c.relnamespace = 'public'::regnamespace"),
            "0\n")
      << "the tables were analyzed during the test: it proves nothing";
  int plans = 0;
  for (const auto& record : explaining->process().log_records()) {
    auto* notice = record.if_contains("notice");
    if (!notice || !notice->is_string()) continue;
    std::string text(notice->as_string());
    auto brace = text.find('{');
    if (text.find("plan:") == std::string::npos || brace == std::string::npos) continue;
    auto explained = json::parse(text.substr(brace)).as_object();
    ++plans;
    std::vector<Finding> findings;
    repeated_passes(explained.at("Plan").as_object(), findings);
    for (const auto& f : findings)
      ADD_FAILURE() << f.node << " ran " << f.loops << " times in:\n" << explained.at("Query Text").as_string();
    findings.clear();
    const auto& plan = explained.at("Plan").as_object();
    discarding_scans(plan, plan.at("Actual Rows").to_number<double>() == 1, findings);
    for (const auto& f : findings)
      ADD_FAILURE() << f.node << " threw away " << f.discarded << " rows per loop (" << f.loops << " loops) in:\n"
                    << explained.at("Query Text").as_string();
  }
  EXPECT_GE(plans, lists) << "auto_explain reported fewer plans than lists were read";
}

// PostgreSQL only: SQLite plans without statistics by fixed rules.
INSTANTIATE_TEST_SUITE_P(Engines, QueryPlans, ::testing::Values("postgres"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace crest::testing
