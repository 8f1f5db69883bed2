// What an invitation link, a logout or a deactivation may and may not do to an account, over real
// HTTP on both engines: an invitation proves an address, not an account; sessions end at once.
#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>
#include <vector>

#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class AccountSecurity : public ApiTest {
 protected:
  std::string invite(const Account& inviter, const std::string& email, const std::string& role = "Viewer") {
    json::object body{{"email", email}, {"role", role}};
    auto r = server->call(inviter, "POST", "/api/v1/invitations", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return server->invitation_token(email);
  }
  int login_status(const std::string& email, const std::string& password) {
    json::object body{{"email", email}, {"password", password}};
    return static_cast<int>(server->call("POST", "/api/v1/auth/login", body).status);
  }
  int refresh_status(const std::string& refresh_token) {
    json::object body{{"refreshToken", refresh_token}};
    return static_cast<int>(server->call("POST", "/api/v1/auth/refresh", body).status);
  }
};

TEST_P(AccountSecurity, AnInvitationForAVerifiedAccountNeedsThatAccountsCredentials) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bea = server->register_account("bea@example.com", "Beta");
  // Bea proves her address once (signed in), so her account is verified from then on.
  ASSERT_EQ(server->call("POST", "/api/v1/invitations/accept", json::object{{"token", invite(ann, "bea@example.com")}},
                         bea.access_token).status,
            200);
  Account cid = server->register_account("cid@example.com", "Gamma");
  json::object invitation{{"email", "bea@example.com"}, {"role", "Admin"}};
  Account dan = server->register_account("dan@example.com", "Delta");
  ASSERT_EQ(server->call(dan, "POST", "/api/v1/invitations", invitation).status, 201);
  std::string token = server->invitation_token("bea@example.com");

  // The link alone, a wrong password, or another account's token: no way in.
  EXPECT_EQ(server->call("POST", "/api/v1/invitations/accept", json::object{{"token", token}}).status, 401);
  json::object wrong{{"token", token}, {"password", "not her password"}};
  EXPECT_EQ(server->call("POST", "/api/v1/invitations/accept", wrong).status, 401);
  EXPECT_EQ(server->call("POST", "/api/v1/invitations/accept", json::object{{"token", token}}, cid.access_token).status, 403);
  EXPECT_EQ(login_status("bea@example.com", "not her password"), 401);  // nothing was reset
  // Her password joins, and the invitation is spent.
  json::object right{{"token", token}, {"password", "correct horse"}};
  auto joined = server->call("POST", "/api/v1/invitations/accept", right);
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(text(joined.json().at("data").at("user").at("id")), bea.user_id);
  EXPECT_EQ(server->call("POST", "/api/v1/invitations/accept", right).status, 400);
}

TEST_P(AccountSecurity, AnInvitationTakesOverAnAccountNobodyVerified_TheSquattersPasswordAndSessionsEnd) {
  Account ann = server->register_account("ann@example.com", "Acme");
  // Mallory registers the CEO's address before the CEO is invited (account pre-hijacking).
  Account mallory = server->register_account("ceo@company.com", "Squat", "mallory's password");
  EXPECT_TRUE(server->call(mallory, "GET", "/api/v1/me").json().at("data").at("user").at("emailVerifiedAt").is_null());
  std::string token = invite(ann, "ceo@company.com", "Admin");
  // The CEO, who holds the mailed link but not Mallory's password, chooses a password.
  json::object no_password{{"token", token}};
  EXPECT_EQ(server->call("POST", "/api/v1/invitations/accept", no_password).status, 400);
  json::object accept{{"token", token}, {"password", "the real ceo's password"}, {"name", "The CEO"}};
  auto joined = server->call("POST", "/api/v1/invitations/accept", accept);
  ASSERT_EQ(joined.status, 200) << joined.body;
  auto user = joined.json().at("data").at("user");
  EXPECT_EQ(text(user.at("id")), mallory.user_id);
  EXPECT_EQ(user.at("name"), "The CEO");
  EXPECT_TRUE(user.at("emailVerifiedAt").is_string());

  EXPECT_EQ(login_status("ceo@company.com", "mallory's password"), 401);
  EXPECT_EQ(login_status("ceo@company.com", "the real ceo's password"), 200);
  EXPECT_EQ(refresh_status(mallory.refresh_token), 401);
  EXPECT_EQ(server->call(mallory, "GET", "/api/v1/me").status, 401);  // at once, not in 15 minutes
}

TEST_P(AccountSecurity, AnInvitationForANewAddressCreatesAVerifiedAccount) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object accept{{"token", invite(ann, "new@example.com")}, {"name", "New"}, {"password", "correct horse"}};
  auto joined = server->call("POST", "/api/v1/invitations/accept", accept);
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_TRUE(joined.json().at("data").at("user").at("emailVerifiedAt").is_string());
  EXPECT_TRUE(server->call(ann, "GET", "/api/v1/me").json().at("data").at("user").at("emailVerifiedAt").is_null());
}

TEST_P(AccountSecurity, TheInvitationLinkIsSealedInTheMailJobAndCarriesItsTokenAfterTheFragment) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string token = invite(ann, "vic@example.com");
  std::string payloads = server->sql("SELECT payload FROM jobs WHERE name = 'mail.send'");
  EXPECT_EQ(payloads.find(token), std::string::npos) << payloads;
  EXPECT_NE(payloads.find("sealed:v1:"), std::string::npos) << payloads;
}

TEST_P(AccountSecurity, LogoutEndsItsSessionsAccessTokensAtOnce_OtherSessionsGoOn) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account phone = server->login("ann@example.com", "correct horse");
  ASSERT_EQ(server->call(ann, "GET", "/api/v1/me").status, 200);  // (now cached as valid)
  json::object body{{"refreshToken", ann.refresh_token}};
  ASSERT_EQ(server->call("POST", "/api/v1/auth/logout", body).status, 200);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(server->call(phone, "GET", "/api/v1/me").status, 200);
}

TEST_P(AccountSecurity, LogoutAllEndsEveryAccessTokenOfTheUserAtOnce) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account phone = server->login("ann@example.com", "correct horse");
  Account bea = server->register_account("bea@example.com", "Beta");
  ASSERT_EQ(server->call(phone, "GET", "/api/v1/me").status, 200);
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/auth/logout-all").status, 200);
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(server->call(phone, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(server->call(bea, "GET", "/api/v1/me").status, 200);
}

TEST_P(AccountSecurity, TwoTabsRefreshingWithOneTokenGetTheSameSuccessor_AReplayAfterTheGraceStillRevokes) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object body{{"refreshToken", ann.refresh_token}};
  auto first = server->call("POST", "/api/v1/auth/refresh", body);
  auto second = server->call("POST", "/api/v1/auth/refresh", body);  // the other tab, a moment later
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(second.status, 200) << second.body;
  std::string successor = text(first.json().at("data").at("tokens").at("refreshToken"));
  EXPECT_EQ(text(second.json().at("data").at("tokens").at("refreshToken")), successor);
  std::string access = text(second.json().at("data").at("tokens").at("accessToken"));
  EXPECT_EQ(server->call("GET", "/api/v1/me", nullptr, access).status, 200);
  // The successor rotates as usual; then the original is a replay of a token two steps back.
  ASSERT_EQ(refresh_status(successor), 200);
  EXPECT_EQ(refresh_status(ann.refresh_token), 401);
  EXPECT_EQ(server->call("GET", "/api/v1/me", nullptr, access).status, 401);  // the family ended
}

TEST_P(AccountSecurity, AReusedRefreshTokenEndsTheAccessTokensOfItsFamily) {
  server = std::make_unique<ApiServer>(GetParam(), std::map<std::string, std::string>{{"CREST_REFRESH_REUSE_GRACE", "0"}});
  Account ann = server->register_account("ann@example.com", "Acme");
  ASSERT_EQ(refresh_status(ann.refresh_token), 200);
  ASSERT_EQ(server->call(ann, "GET", "/api/v1/me").status, 200);
  EXPECT_EQ(refresh_status(ann.refresh_token), 401);  // reused: a thief or a replay
  EXPECT_EQ(server->call(ann, "GET", "/api/v1/me").status, 401);
}

TEST_P(AccountSecurity, ADeactivatedUserCannotSignInRefreshOrUseTheirAccessToken) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bea = server->register_account("bea@example.com", "Beta");
  auto [code, out] = run_command("DATABASE_URL='" + server->database_url() + "' " CREST_BINARY " users deactivate Ann@Example.com");
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(login_status("ann@example.com", "correct horse"), 401);
  EXPECT_EQ(refresh_status(ann.refresh_token), 401);
  // Another process made the change: this server's cache lets the token through for at most
  // its 5 s; then it is refused for good. (Polled, generously.)
  long status = 200;
  for (int i = 0; i < 100 && status == 200; ++i) {
    status = server->call(ann, "GET", "/api/v1/me").status;
    if (status == 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 401);
  EXPECT_EQ(server->call(bea, "GET", "/api/v1/me").status, 200);
  auto [again, again_out] = run_command("DATABASE_URL='" + server->database_url() + "' " CREST_BINARY " users activate ann@example.com");
  ASSERT_EQ(again, 0) << again_out;
  EXPECT_EQ(login_status("ann@example.com", "correct horse"), 200);
  auto [unknown, unknown_out] = run_command("DATABASE_URL='" + server->database_url() + "' " CREST_BINARY " users deactivate nobody@example.com");
  EXPECT_EQ(unknown, 1) << unknown_out;
}

// Sign-ins and their failures, sign-outs, a replayed refresh token, an accepted invitation and a
// deactivation each leave an audit entry in the workspace they concern.
TEST_P(AccountSecurity, SecurityEventsAreAudited) {
  server = std::make_unique<ApiServer>(GetParam(), std::map<std::string, std::string>{{"CREST_REFRESH_REUSE_GRACE", "0"}});
  Account ann = server->register_account("ann@example.com", "Acme");
  ASSERT_EQ(login_status("ann@example.com", "wrong horse"), 401);
  Account first = server->login("ann@example.com", "correct horse");
  Account bob = server->invite(ann, "bob@example.com", "Viewer");
  auto [code, out] = run_command("DATABASE_URL='" + server->database_url() + "' " CREST_BINARY " users deactivate bob@example.com");
  ASSERT_EQ(code, 0) << out;
  ASSERT_EQ(refresh_status(first.refresh_token), 200);
  ASSERT_EQ(refresh_status(first.refresh_token), 401);  // replayed: its session ends
  Account second = server->login("ann@example.com", "correct horse");
  ASSERT_EQ(server->call("POST", "/api/v1/auth/logout", json::object{{"refreshToken", second.refresh_token}}).status, 200);
  ASSERT_EQ(server->call(ann, "POST", "/api/v1/auth/logout-all").status, 200);

  Account reader = server->login("ann@example.com", "correct horse");
  auto r = server->call(reader, "GET", "/api/v1/audit-logs?limit=100");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value log = r.json();
  std::map<std::string, std::vector<json::object>> by_action;
  for (const auto& entry : log.at("data").as_array()) by_action[text(entry.at("action"))].push_back(entry.as_object());
  auto only = [&](const std::string& action) -> json::object {
    EXPECT_EQ(by_action[action].size(), 1u) << action << " in " << json::serialize(log);
    return by_action[action].empty() ? json::object{} : by_action[action].front();
  };

  ASSERT_EQ(by_action["Login"].size(), 4u) << json::serialize(log);  // one failure, three sign-ins
  int failures = 0;
  for (const auto& login : by_action["Login"]) {
    if (text(login.at("status")) == "Success") {
      EXPECT_EQ(text(login.at("actor").at("id")), ann.user_id);
      continue;
    }
    ++failures;
    EXPECT_TRUE(login.at("actor").is_null()) << "nobody proven is the actor of a failed sign-in";
    EXPECT_EQ(text(login.at("subject")), "User");
    EXPECT_EQ(text(login.at("subjectId")), ann.user_id);
    EXPECT_EQ(text(login.at("changes").at("reason")), "WrongPassword");
    EXPECT_FALSE(login.at("ip").is_null());
  }
  EXPECT_EQ(failures, 1);
  auto accepted = only("AcceptInvitation");
  EXPECT_EQ(text(accepted.at("actor").at("id")), bob.user_id);
  EXPECT_EQ(text(accepted.at("changes").at("role")), "Viewer");
  auto deactivated = only("Deactivate");
  EXPECT_EQ(text(deactivated.at("subjectId")), bob.user_id);
  EXPECT_TRUE(deactivated.at("actor").is_null());
  auto replay = only("ReuseRefreshToken");
  EXPECT_EQ(text(replay.at("status")), "Failure");
  EXPECT_EQ(text(replay.at("subjectId")), ann.user_id);
  EXPECT_EQ(text(only("Logout").at("actor").at("id")), ann.user_id);
  EXPECT_TRUE(only("LogoutAll").at("changes").at("sessionsEnded").is_int64());
}

TEST_P(AccountSecurity, RemovedMembersAccessTokenStopsAtOnce) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account vic = server->invite(ann, "vic@example.com", "Viewer");
  ASSERT_EQ(server->call(vic, "GET", "/api/v1/companies").status, 200);
  ASSERT_EQ(server->call(ann, "DELETE", "/api/v1/members/" + vic.user_id).status, 200);
  EXPECT_EQ(server->call(vic, "GET", "/api/v1/companies").status, 401);
}

CREST_API_TEST_ENGINES(AccountSecurity);

class LoginThrottleKeys : public ApiTest {
 protected:
  // Per IP + email 2, per email 8, per IP 24 a minute.
  std::map<std::string, std::string> environment() const override { return {{"CREST_LOGIN_RATE_LIMIT", "2"}}; }
  long login(const std::string& email) {
    json::object body{{"email", email}, {"password", "guess"}};
    return server->call("POST", "/api/v1/auth/login", body).status;
  }
};

TEST_P(LoginThrottleKeys, AnUntrimmedOrUpperCaseEmailIsTheSameBucket) {
  EXPECT_EQ(login("ann@x.com"), 401);
  EXPECT_EQ(login(" ANN@x.com "), 401);
  EXPECT_EQ(login("Ann@X.com"), 429);
}

TEST_P(LoginThrottleKeys, OneClientTryingManyEmailsIsStoppedAtTheIpLimit) {
  int refused = 0;
  for (int i = 0; i < 30; ++i)
    if (login("user" + std::to_string(i) + "@x.com") == 429) ++refused;
  EXPECT_EQ(refused, 30 - 24);
}

// A refresh is counted per session (the token family): every rotation shares the count, which a
// count per token would start afresh each time.
TEST_P(LoginThrottleKeys, OneSessionIsThrottledAcrossItsRotations) {
  Account ann = server->register_account("ann@example.com", "Acme");
  std::string token = ann.refresh_token;
  for (int i = 0; i < 2; ++i) {
    auto r = server->call("POST", "/api/v1/auth/refresh", json::object{{"refreshToken", token}});
    ASSERT_EQ(r.status, 200) << r.body;
    token = text(r.json().at("data").at("tokens").at("refreshToken"));
  }
  auto limited = server->call("POST", "/api/v1/auth/refresh", json::object{{"refreshToken", token}});
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_FALSE(limited.header("retry-after").empty());
  // Another session of the same user is counted apart.
  Account again = server->login("ann@example.com", "correct horse");
  EXPECT_EQ(server->call("POST", "/api/v1/auth/refresh", json::object{{"refreshToken", again.refresh_token}}).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, LoginThrottleKeys, ::testing::Values("sqlite"));

// On Redis the keys are visible: a live refresh token must never be one (the session's id is).
TEST(RefreshThrottleOnRedis, TheRedisKeyHoldsAHashNotTheToken) {
  const char* redis = std::getenv("CREST_TEST_REDIS_URL");
  if (!redis || !*redis) GTEST_SKIP() << "CREST_TEST_REDIS_URL is not set (./scripts/test sets it)";
  std::string prefix = "crest_refresh_" + std::to_string(getpid()) + ":";
  ApiServer server("sqlite", {{"REDIS_URL", redis}, {"CREST_REDIS_PREFIX", prefix}});
  Account ann = server.register_account("ann@example.com", "Acme");
  json::object body{{"refreshToken", ann.refresh_token}};
  ASSERT_EQ(server.call("POST", "/api/v1/auth/refresh", body).status, 200);
  auto [code, keys] = run_command("redis-cli -u '" + std::string(redis) + "' --scan --pattern '" + prefix + "*'");
  ASSERT_EQ(code, 0) << keys;
  EXPECT_NE(keys.find("refresh-session:"), std::string::npos) << keys;
  EXPECT_EQ(keys.find(ann.refresh_token), std::string::npos) << keys;
  server.expect_no_token_in_logs();
}

}  // namespace
}  // namespace crest::testing
