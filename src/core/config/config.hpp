#pragma once
// One typed configuration object, read from the environment and an optional .env file. Every
// variable is declared once in config.cpp's table, which also drives `crest --help`.
#include <chrono>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace crest {

// CREST_QUEUE_RATE_LIMITS, one entry: at most `max` jobs of `queue` start per `per`.
struct QueueRateLimit {
  std::string queue;
  int max = 0;
  std::chrono::milliseconds per{1'000};
};

struct Config {
  std::string env = "development";  // development | production | test
  std::string host = "0.0.0.0";
  int port = 3000;
  int threads = 1;
  std::string database_url;
  std::string redis_url;
  std::string redis_prefix = "crest:";
  std::chrono::milliseconds redis_timeout{500};
  bool rate_limit_fail_open = true;
  std::string jwt_secret;
  std::string jwt_issuer = "crest";
  std::string jwt_audience = "crest-api";
  std::chrono::seconds access_token_ttl{15 * 60};
  std::chrono::seconds refresh_token_ttl{7 * 24 * 3600};
  std::chrono::seconds refresh_reuse_grace{10};  // two tabs refreshing at once get the same successor
  // How long an instance trusts what it read of a session (user active, membership, role) without
  // reading it again; a change made elsewhere reaches it sooner through Redis when it is set.
  std::chrono::milliseconds auth_cache_ttl{5'000};
  int argon2_ops = 2;
  int argon2_memory_kib = 64 * 1024;
  int hash_threads = 2;
  int login_rate_limit = 5;  // a minute per IP + account; x4 per account, x12 per IP
  std::string public_url = "http://localhost:3000";
  std::string smtp_url;  // empty: mails are written as .eml files under data_dir/mail
  std::string mail_from = "Crest <no-reply@crest.localhost>";
  std::chrono::milliseconds smtp_timeout{30'000};
  std::string log_level = "info";
  std::string log_format = "auto";  // auto | json | pretty
  std::vector<std::string> cors_origins;
  std::vector<std::string> trusted_proxies;  // CIDRs; X-Forwarded-For counts only from these peers
  bool allow_rls_bypass = false;  // production refuses a role that bypasses RLS unless this is set
  std::string role_rules_file;  // CASL rules replacing some roles' own (modules/auth/role_abilities.hpp)
  std::chrono::seconds hsts_max_age{0};  // 0: no Strict-Transport-Security header
  std::chrono::milliseconds shutdown_timeout{10'000};
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::size_t body_limit = 1024 * 1024;
  int worker_port = 3001;           // crest worker: /health and /metrics
  int worker_concurrency = 10;      // jobs at once per queue per worker
  std::chrono::milliseconds job_lease{30'000};  // a running job's lease, renewed every third of it
  std::string job_retention_schedule = "* * * * *";  // the queue.retention cron
  std::vector<QueueRateLimit> queue_rate_limits;     // across every worker
  std::size_t max_connections = 10'000;  // open HTTP connections; past it new ones are closed at once
  std::string data_dir = "./var";
  std::string storage_url;  // empty: files under data_dir/files; s3://bucket?endpoint=...&region=...&path_style=1
  std::string storage_access_key, storage_secret_key, storage_session_token;  // AWS_* of the environment
  std::chrono::milliseconds storage_timeout{30'000};
  std::chrono::seconds file_ttl{7 * 24 * 3600};            // files.expire removes files older than this
  std::string file_retention_schedule = "*/5 * * * *";  // the files.expire cron
  std::chrono::seconds audit_retention{365 * 86'400};  // audit.maintain drops what is older
  std::string audit_partition = "month";                // PostgreSQL: month | day partitions
  std::string audit_schedule = "7 * * * *";             // the audit.maintain cron
  std::string audit_rollup_schedule = "* * * * *";      // the audit.rollup cron
  std::string activity_rollup_schedule = "* * * * *";   // the activities.rollup cron
  std::chrono::seconds purge_after{30 * 86'400};        // the purge cron hard-deletes what ended before
  std::string purge_schedule = "23 * * * *";            // the purge cron
  int db_pool_min = 1;
  int db_pool_max = 10;
  std::chrono::milliseconds db_acquire_timeout{5'000};
  std::chrono::milliseconds db_statement_timeout{30'000};
  std::chrono::milliseconds db_connect_timeout{5'000};

  bool production() const noexcept { return env == "production"; }
};

// Names the variable and why: "PORT must be an integer from 0 to 65535, got \"abc\"".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string variable, const std::string& reason)
      : std::runtime_error(variable + " " + reason), variable_(std::move(variable)) {}
  const std::string& variable() const noexcept { return variable_; }

 private:
  std::string variable_;
};

struct ConfigVariable {
  std::string name;
  std::string default_text;
  std::string description;
};

using Environment = std::map<std::string, std::string>;

// The process environment with the .env file beneath it (real variables win).
Environment read_environment(const std::string& dotenv_path = ".env");
// Parses "KEY=value" lines; `#` comments, optional `export`, single or double quotes.
Environment parse_dotenv(const std::string& text);
Config load_config(const Environment& environment);
const std::vector<ConfigVariable>& config_variables();

}  // namespace crest
