// The purge cron's work (modules/system/purge.cpp), on both engines, as the application's
// RLS-bound role: what ended before the cutoff goes, children before parents, a row still referred
// to stays, refresh-token families go whole only once every token ended, and each workspace
// touched gets an audit entry of the system.
#include <gtest/gtest.h>

#include "common/tenant_db.hpp"
#include "core/db/migrations.hpp"
#include "core/util/time.hpp"
#include "modules/system/purge.hpp"
#include "support/migrated_database.hpp"

namespace crest::testing {
namespace {
namespace asio = boost::asio;
using namespace std::chrono;
using modules::system::PurgeReport;

const sys_seconds kNow = sys_seconds(sys_days(year(2027) / month(6) / day(15))) + hours(12);
const sys_seconds kCutoff = kNow - days(30);

std::string days_ago(int n) { return iso8601(system_clock::time_point(kNow - days(n))); }

std::int64_t removed(const PurgeReport& report, const std::string& table) {
  for (const auto& [name, count] : report.removed)
    if (name == table) return count;
  ADD_FAILURE() << table << " is not in the report";
  return -1;
}

class Purge : public MigratedDatabaseTest {
 protected:
  void SetUp() override {
    MigratedDatabaseTest::SetUp();
    if (IsSkipped()) return;
    exec("w1", "INSERT INTO users (id, email, name, password_hash) VALUES ('u1', 'u1@example.com', 'U', 'x')", {},
         {{"crest.user_id", "u1"}});
  }

  // Rows of `table` in `workspace` (behind RLS on PostgreSQL, and said outright for SQLite).
  std::int64_t count(const std::string& workspace, const std::string& table, const std::string& where = "TRUE") {
    std::int64_t n = 0;
    run(common::with_rls(*database, {{"crest.workspace_id", workspace}}, false, [&](db::Session& s) -> asio::awaitable<void> {
      db::Params params{workspace};
      auto rows = co_await s.query("SELECT count(*) AS n FROM " + table + " WHERE workspace_id = $1 AND " + where,
                                   std::move(params));
      n = std::stoll(rows[0].text("n"));
    }));
    return n;
  }

  // A row of `table` (companies, contacts, deals, activities) in w1, deleted `deleted` days ago
  // (or live: -1), with the references given.
  void company(const std::string& id, int deleted, const std::string& workspace = "w1") {
    exec(workspace, "INSERT INTO companies (id, workspace_id, name, industry, employee_range, deleted_at) "
                    "VALUES ($1, $2, 'C', 'Other', '1-10', $3)", {id, workspace, when(deleted)});
  }
  void contact(const std::string& id, const std::string& company_id, int deleted) {
    exec("w1", "INSERT INTO contacts (id, workspace_id, first_name, last_name, company_id, deleted_at) "
               "VALUES ($1, 'w1', 'A', 'B', $2, $3)", {id, company_id, when(deleted)});
  }
  void deal(const std::string& id, const std::string& company_id, const std::string& contact_id, int deleted) {
    exec("w1", "INSERT INTO deals (id, workspace_id, title, company_id, contact_id, amount_cents, deleted_at) "
               "VALUES ($1, 'w1', 'D', $2, $3, 100, $4)",
         {id, company_id, contact_id.empty() ? db::Value(nullptr) : db::Value(contact_id), when(deleted)});
  }
  void activity(const std::string& id, const std::string& deal_id, int deleted, const std::string& workspace = "w1") {
    exec(workspace, "INSERT INTO activities (id, workspace_id, kind, subject, at, deal_id, deleted_at) "
                    "VALUES ($1, $2, 'Note', 'S', $3, $4, $5)",
         {id, workspace, days_ago(100), deal_id.empty() ? db::Value(nullptr) : db::Value(deal_id), when(deleted)});
  }
  static db::Value when(int deleted) { return deleted < 0 ? db::Value(nullptr) : db::Value(days_ago(deleted)); }

  PurgeReport purge() {
    return run(modules::system::purge_ended_rows(*database, kCutoff, "run-1", [] { return false; }));
  }
  // The system's Purge entries of `workspace` for `subject`: how many rows they say went.
  std::int64_t audited(const std::string& workspace, const std::string& subject) {
    std::int64_t sum = 0;
    std::string json_removed = GetParam() == TestEngine::Postgres ? "(changes->>'removed')::bigint"
                                                                   : "json_extract(changes, '$.removed')";
    run(common::with_rls(*database, {{"crest.workspace_id", workspace}}, false, [&](db::Session& s) -> asio::awaitable<void> {
      db::Params params{subject, workspace};
      auto rows = co_await s.query("SELECT " + json_removed + " AS n, actor_id, request_id FROM audit_logs "
                                   "WHERE action = 'Purge' AND subject = $1 AND workspace_id = $2", std::move(params));
      for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_TRUE(rows[i].is_null("actor_id")) << "a system action has no actor";
        EXPECT_EQ(rows[i].text("request_id"), "run-1");
        sum += rows[i].integer("n");
      }
    }));
    return sum;
  }
};

TEST_P(Purge, SoftDeletedRowsGoChildrenFirstAndWhatIsStillReferredToStays) {
  company("gone", 60);
  contact("gone-contact", "gone", 60);
  deal("gone-deal", "gone", "gone-contact", 60);
  activity("gone-activity", "gone-deal", 60);
  company("referred", 60);
  contact("live-contact", "referred", -1);  // keeps its deleted company
  company("recent", 10);
  company("live", -1);
  deal("kept-deal", "live", "", 60);
  activity("recent-activity", "kept-deal", 10);  // deleted, but not long enough: keeps its deal
  activity("other-workspace", "", 45, "w2");
  company("w2-gone", 31, "w2");

  auto report = purge();
  EXPECT_EQ(removed(report, "activities"), 2);
  EXPECT_EQ(removed(report, "deals"), 1);
  EXPECT_EQ(removed(report, "contacts"), 1);
  EXPECT_EQ(removed(report, "companies"), 2);
  EXPECT_EQ(count("w1", "companies"), 3) << "referred, recent and live stay";
  EXPECT_EQ(count("w1", "companies", "id = 'referred'"), 1);
  EXPECT_EQ(count("w1", "deals", "id = 'kept-deal'"), 1);
  EXPECT_EQ(count("w1", "activities", "id = 'recent-activity'"), 1);
  EXPECT_EQ(count("w1", "contacts", "id = 'live-contact'"), 1);
  EXPECT_EQ(count("w2", "activities"), 0);
  EXPECT_EQ(count("w2", "companies"), 0);

  EXPECT_EQ(audited("w1", "Activity"), 1);
  EXPECT_EQ(audited("w1", "Deal"), 1);
  EXPECT_EQ(audited("w1", "Contact"), 1);
  EXPECT_EQ(audited("w1", "Company"), 1);
  EXPECT_EQ(audited("w2", "Activity"), 1);
  EXPECT_EQ(audited("w2", "Company"), 1);

  auto again = purge();
  EXPECT_EQ(again.total(), 0) << "a second run finds nothing more";
}

TEST_P(Purge, ManyRowsGoInBatchesEachAudited) {
  run(common::with_rls(*database, {{"crest.workspace_id", "w1"}}, true, [&](db::Session& s) -> asio::awaitable<void> {
    for (int i = 0; i < 1'234; ++i) {
      db::Params row{"a" + std::to_string(i), days_ago(100), days_ago(40)};
      co_await s.query("INSERT INTO activities (id, workspace_id, kind, subject, at, deleted_at) "
                       "VALUES ($1, 'w1', 'Note', 'S', $2, $3)", std::move(row));
    }
  }));
  auto report = purge();
  EXPECT_EQ(removed(report, "activities"), 1'234);
  EXPECT_EQ(count("w1", "activities"), 0);
  EXPECT_EQ(audited("w1", "Activity"), 1'234);
  EXPECT_EQ(count("w1", "audit_logs", "action = 'Purge'"), 3) << "one entry per batch of 500";
}

TEST_P(Purge, RefreshTokenFamiliesGoWholeOnlyOnceEveryTokenEnded) {
  auto token = [&](const std::string& id, const std::string& family, const std::string& parent, int expired, int revoked) {
    exec("w1", "INSERT INTO refresh_tokens (id, user_id, workspace_id, token_hash, family_id, parent_id, expires_at, revoked_at) "
               "VALUES ($1, 'u1', 'w1', $1, $2, $3, $4, $5)",
         {id, family, parent.empty() ? db::Value(nullptr) : db::Value(parent), days_ago(expired), when(revoked)},
         {{"crest.user_id", "u1"}});
  };
  token("ended-1", "ended", "", 50, 60);  // rotated 60 days ago
  token("ended-2", "ended", "ended-1", 40, -1);  // expired 40 days ago
  token("live-1", "live", "", 50, 60);
  token("live-2", "live", "live-1", -5, -1);  // still valid: the rotated one stays for reuse detection
  token("recent-1", "recent", "", 5, 10);  // logged out 10 days ago

  auto report = purge();
  EXPECT_EQ(removed(report, "refresh_tokens"), 2);
  std::int64_t left = 0;
  run(common::with_rls(*database, {{"crest.user_id", "u1"}}, false, [&](db::Session& s) -> asio::awaitable<void> {
    auto rows = co_await s.query("SELECT count(*) AS n FROM refresh_tokens WHERE family_id <> 'ended'");
    left = std::stoll(rows[0].text("n"));
    auto ended = co_await s.query("SELECT count(*) AS n FROM refresh_tokens WHERE family_id = 'ended'");
    EXPECT_EQ(ended[0].text("n"), "0");
  }));
  EXPECT_EQ(left, 3);
  EXPECT_EQ(audited("w1", "Session"), 2);
}

TEST_P(Purge, FinishedInvitationsAndSentMailGoPendingOnesStay) {
  auto invitation = [&](const std::string& id, int expires, int accepted) {
    exec("w1", "INSERT INTO invitations (id, workspace_id, email, role, token_hash, expires_at, accepted_at) "
               "VALUES ($1, 'w1', 'x@example.com', 'Viewer', $1, $2, $3)",
         {id, days_ago(expires), when(accepted)});
  };
  invitation("accepted-long-ago", -3, 60);
  invitation("expired-long-ago", 40, -1);
  invitation("pending", -3, -1);
  invitation("accepted-lately", -3, 2);
  auto outbox = [&](const std::string& id, int sent) {
    exec("w1", "INSERT INTO outbox (id, workspace_id, topic, payload, created_at, sent_at) VALUES ($1, 'w1', 'mail', '{}', $2, $3)",
         {id, days_ago(90), when(sent)});
  };
  outbox("sent", 60);
  outbox("unsent", -1);

  auto report = purge();
  EXPECT_EQ(removed(report, "invitations"), 2);
  EXPECT_EQ(removed(report, "outbox"), 1);
  EXPECT_EQ(count("w1", "invitations"), 2);
  EXPECT_EQ(count("w1", "invitations", "id IN ('pending', 'accepted-lately')"), 2);
  EXPECT_EQ(count("w1", "outbox"), 1);
  EXPECT_EQ(count("w1", "outbox", "id = 'unsent'"), 1);
  EXPECT_EQ(audited("w1", "Invitation"), 2);
  EXPECT_EQ(audited("w1", "Mail"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, Purge, ::testing::Values(TestEngine::Sqlite, TestEngine::Postgres), engine_name);

}  // namespace
}  // namespace crest::testing
