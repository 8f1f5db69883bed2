#include "core/config/config.hpp"

#include <gtest/gtest.h>

namespace crest {
namespace {

TEST(Config, DefaultsWhenNothingIsSet) {
  Config c = load_config({});
  EXPECT_EQ(c.port, 3000);
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.env, "development");
  EXPECT_EQ(c.database_url, "sqlite:./var/crest.db");
  EXPECT_GE(c.threads, 1);
  EXPECT_EQ(c.shutdown_timeout, std::chrono::seconds(10));
  EXPECT_EQ(c.idle_timeout, std::chrono::seconds(60));
  EXPECT_EQ(c.body_limit, 1024u * 1024u);
}

TEST(Config, ReadsTypedValues) {
  Config c = load_config({{"PORT", "8080"},
                          {"CREST_THREADS", "4"},
                          {"CORS_ORIGINS", "https://a.example, https://b.example"},
                          {"CREST_SHUTDOWN_TIMEOUT", "500ms"},
                          {"CREST_IDLE_TIMEOUT", "2s"}});
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.threads, 4);
  EXPECT_EQ(c.cors_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(c.shutdown_timeout, std::chrono::milliseconds(500));
  EXPECT_EQ(c.idle_timeout, std::chrono::seconds(2));
}

TEST(Config, DurationsTakeMinutesHoursAndDays) {
  Config c = load_config({{"CREST_ACCESS_TOKEN_TTL", "15m"}, {"CREST_REFRESH_TOKEN_TTL", "7d"},
                          {"CREST_REQUEST_TIMEOUT", "1h"}});
  EXPECT_EQ(c.access_token_ttl, std::chrono::minutes(15));
  EXPECT_EQ(c.refresh_token_ttl, std::chrono::hours(24 * 7));
  EXPECT_EQ(c.request_timeout, std::chrono::hours(1));
}

void expect_error_names(const Environment& env, const std::string& variable) {
  try {
    load_config(env);
    FAIL() << "expected a ConfigError for " << variable;
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.variable(), variable);
    EXPECT_EQ(std::string(e.what()).rfind(variable, 0), 0u) << e.what();
  }
}

TEST(Config, BadValuesNameTheVariable) {
  expect_error_names({{"PORT", "abc"}}, "PORT");
  expect_error_names({{"PORT", "70000"}}, "PORT");
  expect_error_names({{"CREST_THREADS", "0"}}, "CREST_THREADS");
  expect_error_names({{"LOG_LEVEL", "loud"}}, "LOG_LEVEL");
  expect_error_names({{"DATABASE_URL", "mysql://x"}}, "DATABASE_URL");
  expect_error_names({{"CREST_SHUTDOWN_TIMEOUT", "-1"}}, "CREST_SHUTDOWN_TIMEOUT");
  expect_error_names({{"CREST_ENV", "staging"}}, "CREST_ENV");
  expect_error_names({{"CREST_REFRESH_TOKEN_TTL", "7w"}}, "CREST_REFRESH_TOKEN_TTL");
  expect_error_names({{"CREST_ARGON2_MEMORY_KIB", "10"}}, "CREST_ARGON2_MEMORY_KIB");
}

TEST(Config, ProductionRefusesAShortJwtSecret) {
  expect_error_names({{"CREST_ENV", "production"}, {"JWT_SECRET", "short"}}, "JWT_SECRET");
  EXPECT_NO_THROW(load_config({{"CREST_ENV", "production"}, {"JWT_SECRET", std::string(32, 'k')}}));
}

TEST(Dotenv, ParsesCommentsQuotesAndExport) {
  auto env = parse_dotenv("# comment\nPORT=4000\nexport LOG_LEVEL=debug\nJWT_SECRET=\"a b # c\"\nX='y'\nY=z # trailing\n\nbroken line\n");
  EXPECT_EQ(env["PORT"], "4000");
  EXPECT_EQ(env["LOG_LEVEL"], "debug");
  EXPECT_EQ(env["JWT_SECRET"], "a b # c");
  EXPECT_EQ(env["X"], "y");
  EXPECT_EQ(env["Y"], "z");
  EXPECT_EQ(env.count("broken line"), 0u);
}

TEST(Config, EveryVariableIsDocumentedWithADefault) {
  for (const auto& v : config_variables()) {
    EXPECT_FALSE(v.default_text.empty()) << v.name;
    EXPECT_FALSE(v.description.empty()) << v.name;
  }
}

}  // namespace
}  // namespace crest

namespace crest {
namespace {

TEST(Config, QueueRateLimitsAndTheRetentionSchedule) {
  Config c = load_config({{"CREST_QUEUE_RATE_LIMITS", "mail=10/1s,reports=100/1m"},
                          {"CREST_JOB_RETENTION_SCHEDULE", "*/5 * * * *"}});
  ASSERT_EQ(c.queue_rate_limits.size(), 2u);
  EXPECT_EQ(c.queue_rate_limits[0].queue, "mail");
  EXPECT_EQ(c.queue_rate_limits[0].max, 10);
  EXPECT_EQ(c.queue_rate_limits[0].per, std::chrono::seconds(1));
  EXPECT_EQ(c.queue_rate_limits[1].queue, "reports");
  EXPECT_EQ(c.queue_rate_limits[1].per, std::chrono::minutes(1));
  EXPECT_EQ(c.job_retention_schedule, "*/5 * * * *");
  for (const char* bad : {"mail", "mail=10", "=10/1s", "mail=0/1s", "mail=ten/1s", "mail=10/soon"})
    EXPECT_THROW(load_config({{"CREST_QUEUE_RATE_LIMITS", bad}}), ConfigError) << bad;
  EXPECT_THROW(load_config({{"CREST_JOB_RETENTION_SCHEDULE", "every minute"}}), ConfigError);
}

}  // namespace
}  // namespace crest
