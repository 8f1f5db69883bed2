#include "core/config/config.hpp"

#include "core/cron/cron_schedule.hpp"

#include "core/http/client_address.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

extern char** environ;

namespace crest {

namespace {

struct Setter {
  ConfigVariable doc;
  std::function<void(Config&, const std::string&)> apply;
};

std::string non_empty(const std::string& name, const std::string& value) {
  if (value.empty()) throw ConfigError(name, "must not be empty");
  return value;
}

long parse_integer(const std::string& name, const std::string& value, long min, long max) {
  long out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || ptr != value.data() + value.size() || out < min || out > max)
    throw ConfigError(name, fmt::format("must be an integer from {} to {}, got \"{}\"", min, max, value));
  return out;
}

// "10" and "10s" are seconds, "500ms" milliseconds, "15m" minutes, "12h" hours, "7d" days.
std::chrono::milliseconds parse_duration(const std::string& name, const std::string& value);

// "mail=10/1s,reports=100/1m"
std::vector<QueueRateLimit> parse_rate_limits(const std::string& value) {
  constexpr const char* kName = "CREST_QUEUE_RATE_LIMITS";
  std::vector<QueueRateLimit> out;
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t comma = value.find(',', start);
    std::string entry = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? value.size() : comma + 1;
    auto equals = entry.find('=');
    auto slash = entry.find('/', equals == std::string::npos ? 0 : equals);
    if (equals == std::string::npos || equals == 0 || slash == std::string::npos)
      throw ConfigError(kName, "each entry is queue=N/duration (mail=10/1s), got \"" + entry + "\"");
    QueueRateLimit limit;
    limit.queue = entry.substr(0, equals);
    limit.max = static_cast<int>(parse_integer(kName, entry.substr(equals + 1, slash - equals - 1), 1, 1'000'000));
    limit.per = parse_duration(kName, entry.substr(slash + 1));
    out.push_back(std::move(limit));
  }
  return out;
}

std::chrono::milliseconds parse_duration(const std::string& name, const std::string& value) {
  static const std::pair<std::string_view, double> kUnits[] = {
      {"ms", 1}, {"s", 1'000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
  std::string number = value;
  double scale = 1000;
  for (const auto& [suffix, unit_ms] : kUnits) {
    if (number.size() > suffix.size() && number.ends_with(suffix) &&
        std::isdigit(static_cast<unsigned char>(number[number.size() - suffix.size() - 1]))) {
      number.resize(number.size() - suffix.size());
      scale = unit_ms;
      break;
    }
  }
  double amount = -1;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), amount);
  if (ec != std::errc() || ptr != number.data() + number.size() || !(amount > 0) ||
      amount * scale > 366.0 * 86'400'000)
    throw ConfigError(name, fmt::format("must be a positive duration such as 500ms, 10s, 15m, 12h or 7d, got \"{}\"", value));
  return std::chrono::milliseconds(static_cast<long long>(std::llround(amount * scale)));
}

// A cron expression (UTC) for one of the framework's own crons.
std::string parse_schedule(const std::string& name, const std::string& value) {
  try {
    cron::CronSchedule::parse(value);
  } catch (const cron::InvalidSchedule& e) {
    throw ConfigError(name, e.what());
  }
  return value;
}

// "365d" (or "365"): whole days, up to a century.
std::chrono::seconds parse_days(const std::string& name, const std::string& value) {
  std::string number = value.ends_with('d') ? value.substr(0, value.size() - 1) : value;
  try {
    return std::chrono::seconds(parse_integer(name, number, 1, 36'500) * 86'400);
  } catch (const ConfigError&) {
    throw ConfigError(name, fmt::format("must be whole days from 1d to 36500d, got \"{}\"", value));
  }
}

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> out;
  std::stringstream stream(value);
  std::string item;
  while (std::getline(stream, item, ',')) {
    auto first = item.find_first_not_of(" \t");
    auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
  }
  return out;
}

const std::vector<Setter>& setters() {
  static const std::vector<Setter> table = {
      {{"CREST_ENV", "development", "development | production | test"},
       [](Config& c, const std::string& v) {
         if (v != "development" && v != "production" && v != "test")
           throw ConfigError("CREST_ENV", "must be development, production or test, got \"" + v + "\"");
         c.env = v;
       }},
      {{"HOST", "0.0.0.0", "address to listen on"}, [](Config& c, const std::string& v) { c.host = v; }},
      {{"PORT", "3000", "port to listen on (0 picks a free one)"},
       [](Config& c, const std::string& v) { c.port = static_cast<int>(parse_integer("PORT", v, 0, 65535)); }},
      {{"CREST_THREADS", "number of cores", "I/O threads of the HTTP server"},
       [](Config& c, const std::string& v) { c.threads = static_cast<int>(parse_integer("CREST_THREADS", v, 1, 256)); }},
      {{"DATABASE_URL", "sqlite:./var/crest.db", "sqlite:PATH or postgres://user:pass@host:port/db"},
       [](Config& c, const std::string& v) {
         if (!v.starts_with("sqlite:") && !v.starts_with("postgres://") && !v.starts_with("postgresql://"))
           throw ConfigError("DATABASE_URL", "must start with sqlite:, postgres:// or postgresql://, got \"" + v + "\"");
         c.database_url = v;
       }},
      {{"REDIS_URL", "(unset: in-process cache and rate limits)", "redis://host:port/db"},
       [](Config& c, const std::string& v) {
         if (!v.empty() && !v.starts_with("redis://"))
           throw ConfigError("REDIS_URL", "must start with redis://, got \"" + v + "\"");
         c.redis_url = v;
       }},
      {{"CREST_REDIS_PREFIX", "crest:", "prefix of every Redis key this service writes"},
       [](Config& c, const std::string& v) { c.redis_prefix = v; }},
      {{"CREST_REDIS_TIMEOUT", "500ms", "longest a Redis command may take"},
       [](Config& c, const std::string& v) { c.redis_timeout = parse_duration("CREST_REDIS_TIMEOUT", v); }},
      {{"CREST_RATE_LIMIT_FAIL_OPEN", "true", "with Redis down: true lets requests pass (logged), false answers 503"},
       [](Config& c, const std::string& v) {
         if (v != "true" && v != "false")
           throw ConfigError("CREST_RATE_LIMIT_FAIL_OPEN", "must be true or false, got \"" + v + "\"");
         c.rate_limit_fail_open = v == "true";
       }},
      {{"JWT_SECRET", "(generated once under CREST_DATA_DIR outside production)",
        "HS256 secret, at least 32 bytes in production"},
       [](Config& c, const std::string& v) { c.jwt_secret = v; }},
      {{"CREST_JWT_ISSUER", "crest", "`iss` of access tokens, checked on every request"},
       [](Config& c, const std::string& v) { c.jwt_issuer = non_empty("CREST_JWT_ISSUER", v); }},
      {{"CREST_JWT_AUDIENCE", "crest-api", "`aud` of access tokens, checked on every request"},
       [](Config& c, const std::string& v) { c.jwt_audience = non_empty("CREST_JWT_AUDIENCE", v); }},
      {{"CREST_ACCESS_TOKEN_TTL", "15m", "lifetime of an access token (JWT)"},
       [](Config& c, const std::string& v) {
         c.access_token_ttl = std::chrono::duration_cast<std::chrono::seconds>(parse_duration("CREST_ACCESS_TOKEN_TTL", v));
       }},
      {{"CREST_REFRESH_TOKEN_TTL", "7d", "lifetime of a refresh token; each use rotates it"},
       [](Config& c, const std::string& v) {
         c.refresh_token_ttl = std::chrono::duration_cast<std::chrono::seconds>(parse_duration("CREST_REFRESH_TOKEN_TTL", v));
       }},
      {{"CREST_ARGON2_OPS", "2", "Argon2id passes (libsodium opslimit, 1-10)"},
       [](Config& c, const std::string& v) { c.argon2_ops = static_cast<int>(parse_integer("CREST_ARGON2_OPS", v, 1, 10)); }},
      {{"CREST_ARGON2_MEMORY_KIB", "65536", "Argon2id memory per hash in KiB (8192-1048576)"},
       [](Config& c, const std::string& v) {
         c.argon2_memory_kib = static_cast<int>(parse_integer("CREST_ARGON2_MEMORY_KIB", v, 8192, 1048576));
       }},
      {{"CREST_HASH_THREADS", "2", "threads that hash passwords, away from the I/O threads"},
       [](Config& c, const std::string& v) { c.hash_threads = static_cast<int>(parse_integer("CREST_HASH_THREADS", v, 1, 64)); }},
      {{"CREST_LOGIN_RATE_LIMIT", "5", "login and refresh attempts a minute per IP + account (x4 per account, x12 per IP)"},
       [](Config& c, const std::string& v) {
         c.login_rate_limit = static_cast<int>(parse_integer("CREST_LOGIN_RATE_LIMIT", v, 1, 1'000'000));
       }},
      {{"CREST_REFRESH_REUSE_GRACE", "10s", "a second use of a refresh token this soon after it rotated (two tabs) gets the same successor; 0 turns it off"},
       [](Config& c, const std::string& v) {
         c.refresh_reuse_grace = v == "0" ? std::chrono::seconds(0)
                                          : std::chrono::duration_cast<std::chrono::seconds>(parse_duration("CREST_REFRESH_REUSE_GRACE", v));
       }},
      {{"CREST_AUTH_CACHE_TTL", "5s", "how long an instance trusts what it read of a session (active user, membership, role); with REDIS_URL a change reaches every instance at once, else within this"},
       [](Config& c, const std::string& v) { c.auth_cache_ttl = parse_duration("CREST_AUTH_CACHE_TTL", v); }},
      {{"CREST_PUBLIC_URL", "http://localhost:3000", "the frontend's base URL, put in links that mails carry (tokens after '#', never sent to a server)"},
       [](Config& c, const std::string& v) { c.public_url = non_empty("CREST_PUBLIC_URL", v); }},
      {{"CREST_SMTP_URL", "(unset: each mail is written as an .eml file under CREST_DATA_DIR/mail)",
        "smtp://user:pass@host:port (STARTTLS when offered) or smtps://user:pass@host:port (TLS)"},
       [](Config& c, const std::string& v) {
         if (!v.empty() && !v.starts_with("smtp://") && !v.starts_with("smtps://"))
           throw ConfigError("CREST_SMTP_URL", "must start with smtp:// or smtps://");
         c.smtp_url = v;
       }},
      {{"CREST_MAIL_FROM", "Crest <no-reply@crest.localhost>", "sender of every mail: address or Name <address>"},
       [](Config& c, const std::string& v) {
         if (v.find('@') == std::string::npos || v.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
           throw ConfigError("CREST_MAIL_FROM", "must be an address or Name <address>, got \"" + v + "\"");
         c.mail_from = v;
       }},
      {{"CREST_SMTP_TIMEOUT", "30s", "longest an SMTP connection may take to open, and a whole delivery"},
       [](Config& c, const std::string& v) { c.smtp_timeout = parse_duration("CREST_SMTP_TIMEOUT", v); }},
      {{"LOG_LEVEL", "info", "trace | debug | info | warn | error | fatal | silent"},
       [](Config& c, const std::string& v) {
         static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "fatal", "silent"};
         if (std::find(std::begin(kLevels), std::end(kLevels), v) == std::end(kLevels))
           throw ConfigError("LOG_LEVEL", "must be one of trace, debug, info, warn, error, fatal, silent, got \"" + v + "\"");
         c.log_level = v;
       }},
      {{"CREST_LOG_FORMAT", "auto", "auto (pretty on a terminal, JSON otherwise) | json | pretty"},
       [](Config& c, const std::string& v) {
         if (v != "auto" && v != "json" && v != "pretty")
           throw ConfigError("CREST_LOG_FORMAT", "must be auto, json or pretty, got \"" + v + "\"");
         c.log_format = v;
       }},
      {{"CORS_ORIGINS", "(empty: no CORS headers)", "comma-separated allowed origins, or *"},
       [](Config& c, const std::string& v) { c.cors_origins = split_list(v); }},
      {{"CREST_ALLOW_RLS_BYPASS", "false", "production only: start even as a PostgreSQL role that bypasses row-level security"},
       [](Config& c, const std::string& v) {
         if (v != "true" && v != "false")
           throw ConfigError("CREST_ALLOW_RLS_BYPASS", "must be true or false, got \"" + v + "\"");
         c.allow_rls_bypass = v == "true";
       }},
      {{"CREST_TRUSTED_PROXIES", "(empty: the TCP peer is the client)",
        "comma-separated CIDRs of load balancers whose X-Forwarded-For / Forwarded header names the client"},
       [](Config& c, const std::string& v) {
         c.trusted_proxies = split_list(v);
         for (const auto& cidr : c.trusted_proxies)
           if (!http::AddressBlock::parse(cidr))
             throw ConfigError("CREST_TRUSTED_PROXIES", "\"" + cidr + "\" is not an address or CIDR block");
       }},
      {{"CREST_ROLE_RULES", "(empty: the built-in role table)",
        "a JSON file {role: [CASL rules]} replacing those roles' own rules; \"${user.id}\" in a condition is the caller"},
       [](Config& c, const std::string& v) { c.role_rules_file = v; }},
      {{"CREST_HSTS", "0 (off)", "Strict-Transport-Security max-age on every response (e.g. 365d); set it only behind HTTPS"},
       [](Config& c, const std::string& v) {
         c.hsts_max_age = v == "0" ? std::chrono::seconds(0)
                                   : std::chrono::duration_cast<std::chrono::seconds>(parse_duration("CREST_HSTS", v));
       }},
      {{"CREST_SHUTDOWN_TIMEOUT", "10s", "how long in-flight requests may finish after SIGTERM"},
       [](Config& c, const std::string& v) { c.shutdown_timeout = parse_duration("CREST_SHUTDOWN_TIMEOUT", v); }},
      {{"CREST_REQUEST_TIMEOUT", "10s", "a client must send headers and body within this"},
       [](Config& c, const std::string& v) { c.request_timeout = parse_duration("CREST_REQUEST_TIMEOUT", v); }},
      {{"CREST_IDLE_TIMEOUT", "60s", "an idle keep-alive connection is closed after this"},
       [](Config& c, const std::string& v) { c.idle_timeout = parse_duration("CREST_IDLE_TIMEOUT", v); }},
      {{"CREST_BODY_LIMIT", "1048576", "default request body limit in bytes (routes may override)"},
       [](Config& c, const std::string& v) { c.body_limit = static_cast<std::size_t>(parse_integer("CREST_BODY_LIMIT", v, 1, 1L << 30)); }},
      {{"CREST_WORKER_PORT", "3001", "crest worker: the port of its /health/live, /health/ready and /metrics"},
       [](Config& c, const std::string& v) { c.worker_port = static_cast<int>(parse_integer("CREST_WORKER_PORT", v, 0, 65535)); }},
      {{"CREST_WORKER_CONCURRENCY", "10", "crest worker: jobs run at once per queue (--concurrency overrides it)"},
       [](Config& c, const std::string& v) {
         c.worker_concurrency = static_cast<int>(parse_integer("CREST_WORKER_CONCURRENCY", v, 1, 10'000));
       }},
      {{"CREST_JOB_LEASE", "30s", "how long a running job stays its worker's without a renewal (renewed every third of it); a killed worker's jobs run again after it"},
       [](Config& c, const std::string& v) { c.job_lease = parse_duration("CREST_JOB_LEASE", v); }},
      {{"CREST_QUEUE_RATE_LIMITS", "(empty: no queue is rate-limited)", "crest worker: per-queue rate limits shared by every worker, e.g. mail=10/1s,reports=100/1m (at most N jobs start per window)"},
       [](Config& c, const std::string& v) { c.queue_rate_limits = parse_rate_limits(v); }},
      {{"CREST_JOB_RETENTION_SCHEDULE", "* * * * *", "crest worker: when the queue.retention cron removes finished jobs past their queue's retention (a cron expression, UTC)"},
       [](Config& c, const std::string& v) { c.job_retention_schedule = parse_schedule("CREST_JOB_RETENTION_SCHEDULE", v); }},
      {{"CREST_MAX_CONNECTIONS", "10000", "open HTTP connections at most; past it a new one is closed at once"},
       [](Config& c, const std::string& v) {
         c.max_connections = static_cast<std::size_t>(parse_integer("CREST_MAX_CONNECTIONS", v, 1, 10'000'000));
       }},
      {{"CREST_DB_POOL_MIN", "1", "database connections opened at start and kept"},
       [](Config& c, const std::string& v) { c.db_pool_min = static_cast<int>(parse_integer("CREST_DB_POOL_MIN", v, 0, 1000)); }},
      {{"CREST_DB_POOL_MAX", "10", "most database connections per process (SQLite: readers)"},
       [](Config& c, const std::string& v) { c.db_pool_max = static_cast<int>(parse_integer("CREST_DB_POOL_MAX", v, 1, 1000)); }},
      {{"CREST_DB_ACQUIRE_TIMEOUT", "5s", "wait for a free connection before answering 503"},
       [](Config& c, const std::string& v) { c.db_acquire_timeout = parse_duration("CREST_DB_ACQUIRE_TIMEOUT", v); }},
      {{"CREST_DB_STATEMENT_TIMEOUT", "30s", "longest a single statement may run"},
       [](Config& c, const std::string& v) { c.db_statement_timeout = parse_duration("CREST_DB_STATEMENT_TIMEOUT", v); }},
      {{"CREST_DB_CONNECT_TIMEOUT", "5s", "longest a new PostgreSQL connection may take"},
       [](Config& c, const std::string& v) { c.db_connect_timeout = parse_duration("CREST_DB_CONNECT_TIMEOUT", v); }},
      {{"CREST_STORAGE_URL", "(unset: files under CREST_DATA_DIR/files)",
        "S3-compatible object store: s3://bucket[/prefix]?region=R&endpoint=http://host:port&path_style=1 (no endpoint: AWS)"},
       [](Config& c, const std::string& v) {
         if (!v.empty() && !v.starts_with("s3://")) throw ConfigError("CREST_STORAGE_URL", "must start with s3://");
         c.storage_url = v;
       }},
      {{"AWS_ACCESS_KEY_ID", "(unset)", "the S3 store's access key (with CREST_STORAGE_URL)"},
       [](Config& c, const std::string& v) { c.storage_access_key = v; }},
      {{"AWS_SECRET_ACCESS_KEY", "(unset)", "the S3 store's secret key (with CREST_STORAGE_URL)"},
       [](Config& c, const std::string& v) { c.storage_secret_key = v; }},
      {{"AWS_SESSION_TOKEN", "(unset)", "a session token, for temporary S3 credentials"},
       [](Config& c, const std::string& v) { c.storage_session_token = v; }},
      {{"CREST_STORAGE_TIMEOUT", "30s", "to connect to the store, and the longest a transfer may stall"},
       [](Config& c, const std::string& v) { c.storage_timeout = parse_duration("CREST_STORAGE_TIMEOUT", v); }},
      {{"CREST_FILE_TTL", "7d", "how long an export's file (and an import's upload) is kept before the files.expire cron removes it"},
       [](Config& c, const std::string& v) {
         c.file_ttl = std::chrono::duration_cast<std::chrono::seconds>(parse_duration("CREST_FILE_TTL", v));
         if (c.file_ttl.count() < 60) throw ConfigError("CREST_FILE_TTL", "must be at least a minute");
       }},
      {{"CREST_FILE_RETENTION_SCHEDULE", "*/5 * * * *", "crest worker: when the files.expire cron removes files past their expiry (a cron expression, UTC)"},
       [](Config& c, const std::string& v) { c.file_retention_schedule = parse_schedule("CREST_FILE_RETENTION_SCHEDULE", v); }},
      {{"CREST_AUDIT_RETENTION", "365d", "how long audit entries are kept (whole days); older ones go with their partition (PostgreSQL) or in small batches (SQLite)"},
       [](Config& c, const std::string& v) { c.audit_retention = parse_days("CREST_AUDIT_RETENTION", v); }},
      {{"CREST_AUDIT_PARTITION", "month", "PostgreSQL: the span of one audit_logs partition, month or day"},
       [](Config& c, const std::string& v) {
         if (v != "month" && v != "day") throw ConfigError("CREST_AUDIT_PARTITION", "must be month or day, got \"" + v + "\"");
         c.audit_partition = v;
       }},
      {{"CREST_AUDIT_SCHEDULE", "7 * * * *", "crest worker: when the audit.maintain cron makes partitions ahead and applies the retention (a cron expression, UTC)"},
       [](Config& c, const std::string& v) { c.audit_schedule = parse_schedule("CREST_AUDIT_SCHEDULE", v); }},
      {{"CREST_AUDIT_ROLLUP_SCHEDULE", "* * * * *", "crest worker: when the audit.rollup cron adds the last whole hours to the audit log's rollups (a cron expression, UTC)"},
       [](Config& c, const std::string& v) { c.audit_rollup_schedule = parse_schedule("CREST_AUDIT_ROLLUP_SCHEDULE", v); }},
      {{"CREST_ACTIVITY_ROLLUP_SCHEDULE", "* * * * *", "crest worker: when the activities.rollup cron adds the last whole day to the activities' daily rollup and counts the days edits made stale again (a cron expression, UTC)"},
       [](Config& c, const std::string& v) { c.activity_rollup_schedule = parse_schedule("CREST_ACTIVITY_ROLLUP_SCHEDULE", v); }},
      {{"CREST_PURGE_AFTER", "30d", "how long what has ended stays before the purge cron hard-deletes it: soft-deleted companies, contacts, deals and activities (children first; a row still referred to stays), refresh-token families whose every token ended, accepted or expired invitations, sent outbox rows"},
       [](Config& c, const std::string& v) { c.purge_after = parse_days("CREST_PURGE_AFTER", v); }},
      {{"CREST_PURGE_SCHEDULE", "23 * * * *", "crest worker: when the purge cron runs (a cron expression, UTC)"},
       [](Config& c, const std::string& v) { c.purge_schedule = parse_schedule("CREST_PURGE_SCHEDULE", v); }},
      {{"CREST_DATA_DIR", "./var", "where the embedded database and generated secrets live"},
       [](Config& c, const std::string& v) {
         if (v.empty()) throw ConfigError("CREST_DATA_DIR", "must not be empty");
         c.data_dir = v;
       }},
  };
  return table;
}

std::string unquote(std::string value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
    return value.substr(1, value.size() - 2);
  auto comment = value.find(" #");
  if (comment != std::string::npos) value.resize(comment);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
  return value;
}

}  // namespace

Environment parse_dotenv(const std::string& text) {
  Environment out;
  std::stringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    line = line.substr(start);
    if (line.starts_with("export ")) line = line.substr(7);
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    std::string value = line.substr(eq + 1);
    auto value_start = value.find_first_not_of(" \t");
    value = value_start == std::string::npos ? "" : unquote(value.substr(value_start));
    out[key] = value;
  }
  return out;
}

Environment read_environment(const std::string& dotenv_path) {
  Environment out;
  if (std::ifstream file(dotenv_path); file) {
    std::stringstream buffer;
    buffer << file.rdbuf();
    out = parse_dotenv(buffer.str());
  }
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    auto eq = text.find('=');
    if (eq != std::string_view::npos) out[std::string(text.substr(0, eq))] = std::string(text.substr(eq + 1));
  }
  return out;
}

Config load_config(const Environment& environment) {
  Config config;
  config.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  config.database_url = "sqlite:" + config.data_dir + "/crest.db";
  for (const auto& setter : setters()) {
    auto it = environment.find(setter.doc.name);
    if (it != environment.end()) setter.apply(config, it->second);
  }
  if (environment.find("DATABASE_URL") == environment.end())
    config.database_url = "sqlite:" + config.data_dir + "/crest.db";
  if (config.db_pool_min > config.db_pool_max)
    throw ConfigError("CREST_DB_POOL_MIN", fmt::format("must not exceed CREST_DB_POOL_MAX ({}), got {}",
                                                       config.db_pool_max, config.db_pool_min));
  if (config.production() && config.jwt_secret.size() < 32)
    throw ConfigError("JWT_SECRET", "must be at least 32 bytes when CREST_ENV=production");
  return config;
}

const std::vector<ConfigVariable>& config_variables() {
  static const std::vector<ConfigVariable> docs = [] {
    std::vector<ConfigVariable> out;
    for (const auto& setter : setters()) out.push_back(setter.doc);
    return out;
  }();
  return docs;
}

}  // namespace crest
