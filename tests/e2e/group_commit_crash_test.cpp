// Group commit on SQLite loses nothing it acknowledged: clients create companies concurrently (so
// write transactions queue behind the writer and commit in groups), the server is killed with
// SIGKILL in the middle of the load, and a new instance on the same file reads back every company
// whose 201 reached a client.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

constexpr int kClients = 8;
constexpr int kAcknowledgedBeforeTheKill = 400;

long metric(const ApiServer& server, const std::string& name) {
  auto body = get(server.url("/metrics")).body;
  std::smatch match;
  std::regex line(name + " ([0-9]+)");
  return std::regex_search(body, match, line) ? std::stol(match[1]) : -1;
}

TEST(GroupCommitCrash, EveryAcknowledgedCreateSurvivesAKillInTheMiddleOfTheLoad) {
  ApiServer server("sqlite");
  Account ann = server.register_account("ann@example.com", "Acme");
  long commits_before = metric(server, "crest_db_commits_total");
  ASSERT_GE(commits_before, 0);

  std::atomic<int> acknowledged{0};
  std::atomic<bool> killed{false};
  std::vector<std::vector<std::string>> ids(kClients);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; !killed.load(); ++i) {
        json::object body{{"name", "Crash " + std::to_string(c) + "-" + std::to_string(i)},
                          {"industry", "Technology"}, {"employeeRange", "11-50"}};
        HttpResult r;
        try {
          r = server.call(ann, "POST", "/api/v1/companies", body);
        } catch (const std::exception&) {
          return;  // the server is gone
        }
        if (r.status != 201) continue;  // (not acknowledged: nothing is owed)
        ids[c].push_back(text(r.json().at("data").at("id")));
        ++acknowledged;
      }
    });
  }
  while (acknowledged.load() < kAcknowledgedBeforeTheKill) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // The groups formed: fewer COMMITs than acknowledged transactions (read under the same load).
  long commits = metric(server, "crest_db_commits_total") - commits_before;
  int acknowledged_then = acknowledged.load();
  server.process().signal(9);
  killed = true;
  for (auto& client : clients) client.join();
  server.process().wait_exit(10'000);
  EXPECT_LT(commits, acknowledged_then) << "no transaction was committed in a group";

  auto again = server.another_instance();
  std::size_t total = 0, missing = 0;
  for (const auto& list : ids) {
    for (const auto& id : list) {
      ++total;
      auto r = again->call(ann, "GET", "/api/v1/companies/" + id);
      if (r.status != 200) ++missing;
    }
  }
  EXPECT_GE(total, static_cast<std::size_t>(kAcknowledgedBeforeTheKill));
  EXPECT_EQ(missing, 0u) << "of " << total << " acknowledged creates";
}

}  // namespace
}  // namespace crest::testing
