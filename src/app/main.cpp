// crest: one binary, subcommands.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <malloc.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "app/contracts.hpp"
#include "app/database_setup.hpp"
#include "app/demo_seed.hpp"
#include "app/maintenance_status.hpp"
#include "app/module_scaffold.hpp"
#include "app/user_admin.hpp"
#include "core/log/log.hpp"
#include "crest_version.hpp"
#include "shared/storage/storage.hpp"

namespace {

using crest::app::Application;

constexpr int kUsageError = 2;

void print_variables() {
  std::cout << "\nConfiguration (environment variables, or a .env file in the working directory):\n";
  for (const auto& v : crest::config_variables())
    std::cout << fmt::format("  {:<24} {}\n  {:<24} default: {}\n", v.name, v.description, "",
                             v.default_text);
}

void print_help() {
  std::cout << "crest " << crest::kCrestVersion << " — multi-tenant SaaS backend\n\n"
            << "Usage: crest <command> [options]\n\n"
            << "Commands:\n"
            << "  serve                 start the HTTP API\n"
            << "  openapi               print the OpenAPI 3.1 document\n"
            << "  contracts --out DIR   write the TypeScript + Zod contracts package\n"
            << "  migrate up|status     apply pending migrations / list them\n"
            << "  seed --demo           a demo workspace with realistic CRM data; prints the login\n"
            << "  new-module NAME       scaffold a module (plural snake_case: support_tickets)\n"
            << "  maintenance status [--json]\n"
            << "                        each cron (retention, purge, audit partitions): schedule, last run, what it removed\n"
            << "  users deactivate|activate EMAIL\n"
            << "                        switch an account off (its sessions end) or back on\n"
            << "  worker [--queues a,b] [--concurrency N]  run the jobs (mail, ...) until SIGTERM\n"
            << "  --help, --version\n";
  print_variables();
}

void print_serve_help() {
  std::cout << "Usage: crest serve [--migrate]\n\nStarts the HTTP API on HOST:PORT. SIGTERM or SIGINT "
               "drains in-flight requests and exits 0.\nPending migrations are applied on the embedded "
               "SQLite default; on PostgreSQL only with --migrate (otherwise start-up is refused).\n";
  print_variables();
}

// Loads and validates configuration; one line naming the variable and exit 2 on a bad value.
bool load(crest::Config& config) {
  try {
    config = crest::load_config(crest::read_environment());
    (void)crest::storage::make_storage(config);  // a bad CREST_STORAGE_URL or missing keys stop start-up here
    return true;
  } catch (const crest::ConfigError& e) {
    std::cerr << "crest: configuration error: " << e.what() << "\n";
    return false;
  }
}


int serve(const std::vector<std::string>& args) {
  auto policy = crest::app::MigratePolicy::IfEmbedded;
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      print_serve_help();
      return 0;
    }
    if (arg == "--migrate") {
      policy = crest::app::MigratePolicy::Always;
      continue;
    }
    std::cerr << "crest serve: unknown option " << arg << "\n";
    return kUsageError;
  }
  crest::Config config;
  if (!load(config)) return kUsageError;
  crest::app::init_logging(config);
  if (!crest::app::ensure_jwt_secret(config)) return 1;
  int code = crest::app::prepare_schema(config, policy);
  if (code == 0) code = Application(config).serve();
  crest::log::shutdown();
  return code;
}

void print_worker_help() {
  std::cout << "Usage: crest worker [--queues a,b] [--concurrency N]\n\nRuns the declared jobs, with "
               "/health/live, /health/ready and /metrics on CREST_WORKER_PORT.\nSIGTERM or SIGINT stops claiming, lets "
               "running jobs finish within CREST_SHUTDOWN_TIMEOUT,\nhands the rest back to the queue and exits 0.\n";
  print_variables();
}

int worker(const std::vector<std::string>& args) {
  crest::app::Application::WorkOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      print_worker_help();
      return 0;
    }
    bool has_value = i + 1 < args.size();
    if (arg == "--queues" && has_value) {
      std::string list = args[++i];
      for (std::size_t start = 0; start <= list.size();) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        if (comma > start) options.queues.push_back(list.substr(start, comma - start));
        start = comma + 1;
      }
      continue;
    }
    if (arg == "--concurrency" && has_value) {
      const std::string& value = args[++i];
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > 10'000) {
        std::cerr << "crest worker: --concurrency takes a number from 1 to 10000\n";
        return kUsageError;
      }
      options.concurrency = static_cast<int>(n);
      continue;
    }
    std::cerr << "crest worker: unknown option " << arg << "\n";
    return kUsageError;
  }
  crest::Config config;
  if (!load(config)) return kUsageError;
  crest::app::init_logging(config);
  if (!crest::app::ensure_jwt_secret(config)) return 1;
  int code = crest::app::prepare_schema(config, crest::app::MigratePolicy::IfEmbedded);
  if (code == 0) code = Application(config).work(options);
  crest::log::shutdown();
  return code;
}

int migrate(const std::vector<std::string>& args) {
  if (args.size() != 1 || (args[0] != "up" && args[0] != "status")) {
    std::cerr << "Usage: crest migrate up|status\n";
    return kUsageError;
  }
  crest::Config config;
  if (!load(config)) return kUsageError;
  return crest::app::migrate_command(config, args[0]);
}

int openapi(const std::vector<std::string>&) {
  crest::Config config;
  if (!load(config)) return kUsageError;
  Application app(config);
  std::cout << boost::json::serialize(crest::build_openapi(app.router(), Application::api_info()))
            << "\n";
  return 0;
}

int contracts(const std::vector<std::string>& args) {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--out" && i + 1 < args.size()) out = args[++i];
    else if (args[i].starts_with("--out=")) out = args[i].substr(6);
  }
  if (out.empty()) {
    std::cerr << "Usage: crest contracts --out DIR\n";
    return kUsageError;
  }
  crest::Config config;
  if (!load(config)) return kUsageError;
  Application app(config);
  try {
    crest::app::write_contracts_package(app.router(), out, crest::kCrestVersion);
  } catch (const std::exception& e) {
    std::cerr << "crest contracts: " << e.what() << "\n";
    return 1;
  }
  std::cout << "wrote " << out << "/package.json and " << out << "/src/index.ts\n";
  return 0;
}

int seed(const std::vector<std::string>& args) {
  crest::app::DemoLogin login{"demo@crest.dev", "crest-demo-2026", "Demo Co"};
  bool demo = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--demo") demo = true;
    else if (args[i] == "--email" && i + 1 < args.size()) login.email = args[++i];
    else if (args[i] == "--password" && i + 1 < args.size()) login.password = args[++i];
    else {
      std::cerr << "Usage: crest seed --demo [--email EMAIL] [--password PASSWORD]\n";
      return kUsageError;
    }
  }
  if (!demo || login.password.size() < 8) {
    std::cerr << "Usage: crest seed --demo [--email EMAIL] [--password PASSWORD (8+ characters)]\n";
    return kUsageError;
  }
  crest::Config config;
  if (!load(config)) return kUsageError;
  crest::app::init_logging(config);
  int code = crest::app::seed_demo(config, login);
  crest::log::shutdown();
  return code;
}

int users(const std::vector<std::string>& args) {
  if (args.size() != 2 || (args[0] != "deactivate" && args[0] != "activate")) {
    std::cerr << "Usage: crest users deactivate|activate EMAIL\n";
    return kUsageError;
  }
  crest::Config config;
  if (!load(config)) return kUsageError;
  crest::app::init_logging(config);
  int code = crest::app::set_user_active_command(config, args[1], args[0] == "activate");
  crest::log::shutdown();
  return code;
}

int maintenance(const std::vector<std::string>& args) {
  bool json_output = args.size() == 2 && args[1] == "--json";
  if (args.empty() || args[0] != "status" || (args.size() == 2 && !json_output) || args.size() > 2) {
    std::cerr << "Usage: crest maintenance status [--json]\n";
    return kUsageError;
  }
  crest::Config config;
  if (!load(config)) return kUsageError;
  crest::app::init_logging(config);
  int code = crest::app::maintenance_status_command(config, json_output);
  crest::log::shutdown();
  return code;
}

int new_module(const std::vector<std::string>& args) {
  constexpr const char* usage = "Usage: crest new-module NAME [--singular NAME] [--root DIR]\n"
                                "  NAME is plural snake_case (support_tickets); DIR is the source tree (.)\n";
  std::string name;
  std::optional<std::string> singular;
  std::string root = ".";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--singular" && i + 1 < args.size()) singular = args[++i];
    else if (args[i] == "--root" && i + 1 < args.size()) root = args[++i];
    else if (name.empty() && !args[i].starts_with("-")) name = args[i];
    else {
      std::cerr << usage;
      return kUsageError;
    }
  }
  if (name.empty()) {
    std::cerr << usage;
    return kUsageError;
  }
  try {
    auto names = crest::app::module_names(name, singular);
    auto result = crest::app::scaffold_module(root, names);
    auto values = names.placeholders();
    for (const auto& file : result.written) std::cout << "  wrote  " << file << "\n";
    for (const auto& file : result.edited) std::cout << "  edited " << file << "\n";
    std::cout << fmt::format(
        "\nNext:\n"
        "  1. cmake --build build && ctest --test-dir build -R '{0}'\n"
        "  2. grant roles the new subject '{1}' in src/modules/auth/role_abilities.cpp (Owners and\n"
        "     Admins manage all; every other role is refused until a rule says otherwise)\n"
        "  3. shape the table, schema, presenter and tests to the feature\n",
        values.at("Name"), values.at("Singular"));
    return 0;
  } catch (const crest::app::ScaffoldError& e) {
    std::cerr << "crest new-module: " << e.what() << "\n";
    return 1;
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "crest new-module: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // A log reader that goes away (`crest serve | head`) must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  // glibc hands freed memory back to the kernel once 128 KiB sit free at the top of a heap.
  // SQLite's temporary b-trees (GROUP BY, ORDER BY) take and free about that on every request,
  // so each request paid madvise and page faults: measured, a view using them ran at half the
  // throughput. Up to 64 MiB of freed memory stays with the process. (This tunes glibc's
  // allocator, used when built with CREST_ALLOCATOR=system; jemalloc, the default, returns freed
  // pages over seconds by itself.)
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help();
    return args.empty() ? kUsageError : 0;
  }
  if (args[0] == "--version") {
    std::cout << crest::kCrestVersion << "\n";
    return 0;
  }
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "serve") return serve(rest);
  if (command == "openapi") return openapi(rest);
  if (command == "contracts") return contracts(rest);
  if (command == "migrate") return migrate(rest);
  if (command == "seed") return seed(rest);
  if (command == "users") return users(rest);
  if (command == "maintenance") return maintenance(rest);
  if (command == "new-module") return new_module(rest);
  if (command == "worker") return worker(rest);
  std::cerr << "crest: unknown command '" << command << "' (try crest --help)\n";
  return kUsageError;
}
