// Accounts and tokens over real HTTP, on SQLite and on PostgreSQL (as an RLS-bound role).
#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "core/auth/jwt.hpp"
#include "core/util/hash.hpp"
#include "support/api_scenario.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

class Auth : public ApiTest {
 protected:
  // Every reuse here is a replay (the two-tabs grace has its own test, in account_security_test).
  std::map<std::string, std::string> environment() const override { return {{"CREST_REFRESH_REUSE_GRACE", "0"}}; }
};

std::string message_of(const HttpResult& r) { return std::string(r.json().at("message").as_string()); }

// The `sid` claim of an access token (its payload decoded from base64url).
std::string session_of(const std::string& token) {
  std::string payload = token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1);
  std::string text;
  int bits = 0, buffer = 0;
  for (char c : payload) {
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    auto at = alphabet.find(c);
    if (at == std::string::npos) break;
    buffer = (buffer << 6) | static_cast<int>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      text += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return std::string(json::parse(text).at("sid").as_string());
}

TEST_P(Auth, Register_CreatesTheUserTheirWorkspaceAndAnOwnerMembership) {
  Account ann = server->register_account("Ann@Example.com", "Acme");
  auto me = server->call(ann, "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  auto data = me.json().at("data");
  EXPECT_EQ(data.at("user").at("email"), "ann@example.com");  // stored lower-cased
  EXPECT_EQ(data.at("workspace").at("name"), "Acme");
  EXPECT_EQ(data.at("role"), "Owner");
  // Only the hash of the password and of the refresh token are stored.
  EXPECT_EQ(server->sql("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"), "1\n");
  EXPECT_EQ(server->sql("SELECT count(*) FROM refresh_tokens WHERE token_hash = '" + sha256_hex(ann.refresh_token) + "'"), "1\n");
  EXPECT_EQ(server->sql("SELECT count(*) FROM refresh_tokens WHERE token_hash = '" + ann.refresh_token + "'"), "0\n");
}

TEST_P(Auth, Register_TakenEmailIs409NamingTheField) {
  server->register_account("ann@example.com", "Acme");
  json::object again{{"email", "ANN@example.com"}, {"password", "another pass"}, {"name", "Ann"}, {"workspaceName", "X"}};
  auto r = server->call("POST", "/api/v1/auth/register", again);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(message_of(r).find("email"), std::string::npos) << r.body;
}

TEST_P(Auth, Register_ValidatesPasswordLength) {
  json::object body{{"email", "a@example.com"}, {"password", "short"}, {"name", "A"}, {"workspaceName", "W"}};
  auto r = server->call("POST", "/api/v1/auth/register", body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().at("details").at(0).at("path"), "password");
}

TEST_P(Auth, Login_WrongPasswordAndUnknownEmailAnswerTheSame) {
  server->register_account("ann@example.com", "Acme");
  json::object wrong{{"email", "ann@example.com"}, {"password", "not it"}};
  json::object unknown{{"email", "nobody@example.com"}, {"password", "not it"}};
  auto a = server->call("POST", "/api/v1/auth/login", wrong);
  auto b = server->call("POST", "/api/v1/auth/login", unknown);
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(b.status, 401);
  EXPECT_EQ(message_of(a), "Invalid credentials");
  EXPECT_EQ(message_of(b), "Invalid credentials");
}

TEST_P(Auth, Login_SignsIntoTheRequestedWorkspaceOnlyWhenAMember) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bea = server->register_account("bea@example.com", "Beta");
  json::object second{{"name", "Acme Labs"}};
  auto created = server->call(ann, "POST", "/api/v1/workspaces", second);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string labs(created.json().at("data").at("id").as_string());
  Account in_labs = server->login("ann@example.com", "correct horse", labs);
  EXPECT_EQ(in_labs.workspace_id, labs);
  json::object foreign{{"email", "ann@example.com"}, {"password", "correct horse"}, {"workspaceId", bea.workspace_id}};
  auto r = server->call("POST", "/api/v1/auth/login", foreign);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(message_of(r), "Invalid credentials");
}

TEST_P(Auth, Refresh_RotatesTheToken) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object body{{"refreshToken", ann.refresh_token}};
  auto r = server->call("POST", "/api/v1/auth/refresh", body);
  ASSERT_EQ(r.status, 200) << r.body;
  auto tokens = r.json().at("data").at("tokens");
  EXPECT_NE(text(tokens.at("refreshToken")), ann.refresh_token);
  EXPECT_EQ(tokens.at("expiresIn"), 900);
  std::string access(tokens.at("accessToken").as_string());
  EXPECT_EQ(server->call("GET", "/api/v1/me", nullptr, access).status, 200);
}

TEST_P(Auth, Refresh_ReusingARotatedTokenRevokesTheWholeFamily) {
  Account ann = server->register_account("ann@example.com", "Acme");
  json::object first{{"refreshToken", ann.refresh_token}};
  auto rotated = server->call("POST", "/api/v1/auth/refresh", first);
  ASSERT_EQ(rotated.status, 200);
  std::string second_token(rotated.json().at("data").at("tokens").at("refreshToken").as_string());
  auto reuse = server->call("POST", "/api/v1/auth/refresh", first);  // the stolen, already used one
  EXPECT_EQ(reuse.status, 401);
  json::object second{{"refreshToken", second_token}};
  EXPECT_EQ(server->call("POST", "/api/v1/auth/refresh", second).status, 401);  // the family is gone
  EXPECT_TRUE(server->process().wait_for_log("refresh token reused", 2000));
}

TEST_P(Auth, Refresh_UnknownTokenIs401) {
  json::object body{{"refreshToken", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}};
  EXPECT_EQ(server->call("POST", "/api/v1/auth/refresh", body).status, 401);
}

TEST_P(Auth, Logout_RevokesThatOneToken) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account other_session = server->login("ann@example.com", "correct horse");
  json::object body{{"refreshToken", ann.refresh_token}};
  auto r = server->call("POST", "/api/v1/auth/logout", body);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("data").at("revoked"), true);
  EXPECT_EQ(server->call("POST", "/api/v1/auth/refresh", body).status, 401);
  json::object other{{"refreshToken", other_session.refresh_token}};
  EXPECT_EQ(server->call("POST", "/api/v1/auth/refresh", other).status, 200);
}

TEST_P(Auth, LogoutAll_RevokesEveryFamilyOfTheUser) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account second = server->login("ann@example.com", "correct horse");
  Account bea = server->register_account("bea@example.com", "Beta");
  auto r = server->call(ann, "POST", "/api/v1/auth/logout-all");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("data").at("revoked"), 2);
  for (const auto& token : {ann.refresh_token, second.refresh_token}) {
    json::object body{{"refreshToken", token}};
    EXPECT_EQ(server->call("POST", "/api/v1/auth/refresh", body).status, 401);
  }
  json::object beas{{"refreshToken", bea.refresh_token}};
  EXPECT_EQ(server->call("POST", "/api/v1/auth/refresh", beas).status, 200);  // someone else's survive
}

TEST_P(Auth, SwitchWorkspace_IssuesTokensForAnotherMembershipOnly) {
  Account ann = server->register_account("ann@example.com", "Acme");
  Account bea = server->register_account("bea@example.com", "Beta");
  json::object labs_body{{"name", "Acme Labs"}};
  std::string labs(server->call(ann, "POST", "/api/v1/workspaces", labs_body).json().at("data").at("id").as_string());
  json::object to_labs{{"workspaceId", labs}};
  auto switched = server->call(ann, "POST", "/api/v1/auth/switch-workspace", to_labs);
  ASSERT_EQ(switched.status, 200) << switched.body;
  std::string access(switched.json().at("data").at("tokens").at("accessToken").as_string());
  auto me = server->call("GET", "/api/v1/me", nullptr, access).json().at("data");
  EXPECT_EQ(text(me.at("workspace").at("id")), labs);
  json::object to_beta{{"workspaceId", bea.workspace_id}};
  EXPECT_EQ(server->call(ann, "POST", "/api/v1/auth/switch-workspace", to_beta).status, 404);
}

TEST_P(Auth, Me_ListsTheCallersRulesInCaslForm) {
  Account ann = server->register_account("ann@example.com", "Acme");
  auto rules = server->call(ann, "GET", "/api/v1/me").json().at("data").at("abilities").as_array();
  bool manage_all = false, own_profile = false;
  for (const auto& rule : rules) {
    manage_all = manage_all || (rule.at("action") == "Manage" && rule.at("subject") == "all");
    if (rule.at("subject") == "User" && rule.as_object().contains("conditions"))
      own_profile = text(rule.at("conditions").at("id")) == ann.user_id;
  }
  EXPECT_TRUE(manage_all);
  EXPECT_TRUE(own_profile);
}

TEST_P(Auth, BadTokensAre401) {
  Account ann = server->register_account("ann@example.com", "Acme");
  auto expect_401 = [&](const std::string& token, const char* what) {
    auto r = server->call("GET", "/api/v1/me", nullptr, token);
    EXPECT_EQ(r.status, 401) << what << ": " << r.body;
  };
  // The claims of Ann's real session, so only what each case changes makes it invalid.
  auth::AccessClaims claims{ann.user_id, ann.workspace_id, "Owner", {}, 0, 0, session_of(ann.access_token)};
  const std::string secret = kJwtSecret;
  auth::JwtCodec wrong_audience({secret, "crest", "someone-else", std::chrono::seconds(900)});
  auth::JwtCodec wrong_issuer({secret, "evil", "crest-api", std::chrono::seconds(900)});
  auth::JwtCodec wrong_secret({"another secret of at least 32 bytes!!", "crest", "crest-api", std::chrono::seconds(900)});
  auth::JwtCodec right({secret, "crest", "crest-api", std::chrono::seconds(900)});
  expect_401(wrong_audience.sign(claims), "wrong audience");
  expect_401(wrong_issuer.sign(claims), "wrong issuer");
  expect_401(wrong_secret.sign(claims), "forged signature");
  expect_401(right.sign(claims, std::chrono::system_clock::now() - std::chrono::hours(1)), "expired");
  // alg:none with the same claims, and a payload swapped under a valid signature.
  std::string valid = right.sign(claims);
  std::string payload = valid.substr(valid.find('.') + 1, valid.rfind('.') - valid.find('.') - 1);
  expect_401("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + ".", "alg none");
  Account bea = server->register_account("bea@example.com", "Beta");
  std::string beas = bea.access_token;
  std::string beas_payload = beas.substr(beas.find('.') + 1, beas.rfind('.') - beas.find('.') - 1);
  expect_401(valid.substr(0, valid.find('.') + 1) + beas_payload + valid.substr(valid.rfind('.')), "swapped payload");
  expect_401("garbage", "garbage");
  EXPECT_EQ(server->call("GET", "/api/v1/me").status, 401);  // none at all
  EXPECT_EQ(server->call("GET", "/api/v1/me", nullptr, valid).status, 200);
}

CREST_API_TEST_ENGINES(Auth);

// Login throttling by IP + email: one address cannot lock an account out for others, and one
// account cannot be guessed at without limit.
class LoginThrottle : public ApiTest {
 protected:
  std::map<std::string, std::string> environment() const override { return {{"CREST_LOGIN_RATE_LIMIT", "3"}}; }
};

TEST_P(LoginThrottle, FourthFailureFor_OneEmailIs429_OthersStillTry) {
  server->register_account("ann@example.com", "Acme");
  json::object wrong{{"email", "ann@example.com"}, {"password", "guess"}};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(server->call("POST", "/api/v1/auth/login", wrong).status, 401);
  auto limited = server->call("POST", "/api/v1/auth/login", wrong);
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_EQ(limited.header("ratelimit-limit"), "3");
  EXPECT_EQ(limited.header("ratelimit-remaining"), "0");
  json::object other{{"email", "bea@example.com"}, {"password", "guess"}};
  EXPECT_EQ(server->call("POST", "/api/v1/auth/login", other).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Engines, LoginThrottle, ::testing::Values("sqlite"));

}  // namespace
}  // namespace crest::testing

namespace crest::testing {
namespace {

// Two instances on one Redis count one login limit: an attacker cannot multiply it by spreading
// attempts over instances.
TEST(LoginThrottleOnRedis, TwoInstancesShareTheLoginLimit) {
  const char* redis = std::getenv("CREST_TEST_REDIS_URL");
  if (!redis || !*redis) GTEST_SKIP() << "CREST_TEST_REDIS_URL is not set (./scripts/test sets it)";
  // Keys of their own, also when the test repeats in one process.
  std::string prefix = "crest_login_" + std::to_string(getpid()) + "_" +
                       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ":";
  std::map<std::string, std::string> env{{"REDIS_URL", redis},
                                         {"CREST_REDIS_PREFIX", prefix},
                                         {"CREST_LOGIN_RATE_LIMIT", "2"},
                                         {"CREST_ARGON2_OPS", "1"},
                                         {"CREST_ARGON2_MEMORY_KIB", "8192"}};
  ServerProcess a(CREST_BINARY, env, {"serve", "--migrate"});
  ServerProcess b(CREST_BINARY, env, {"serve", "--migrate"});
  const std::string body = R"({"email":"ann@example.com","password":"guess"})";
  EXPECT_EQ(post_json(a.url("/api/v1/auth/login"), body).status, 401);
  EXPECT_EQ(post_json(b.url("/api/v1/auth/login"), body).status, 401);
  auto third = post_json(a.url("/api/v1/auth/login"), body);
  EXPECT_EQ(third.status, 429);
  EXPECT_FALSE(third.header("retry-after").empty());
  EXPECT_EQ(post_json(b.url("/api/v1/auth/login"), body).status, 429);
  EXPECT_EQ(post_json(b.url("/api/v1/auth/login"), R"({"email":"bea@example.com","password":"guess"})").status, 401);
}

}  // namespace
}  // namespace crest::testing
