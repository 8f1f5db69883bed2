#include "app/demo_seed.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <functional>
#include <chrono>
#include <iostream>
#include <random>

#include "app/database_setup.hpp"
#include "common/tenant_db.hpp"
#include "core/auth/password_hasher.hpp"
#include "core/util/event_loop.hpp"
#include "core/util/time.hpp"
#include "core/util/uuid.hpp"
#include "modules/auth/accounts_repository.hpp"
#include "modules/companies/company_schema.hpp"
#include "modules/deals/deal_schema.hpp"

namespace crest::app {
namespace asio = boost::asio;
namespace accounts = modules::auth::accounts;

namespace {

constexpr int kCompanies = 200, kContacts = 1000, kDeals = 400, kActivities = 1500, kBatch = 250;

constexpr std::array kPrefixes{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
                               "Tyrell", "Cyberdyne", "Soylent", "Wonka", "Oscorp", "Aperture", "Massive",
                               "Gringotts", "Nakatomi", "Monarch", "Pied Piper", "Dunder"};
constexpr std::array kSuffixes{"Labs", "Systems", "Logistics", "Health", "Capital", "Retail", "Works", "Group",
                               "Analytics", "Foods"};
constexpr std::array kFirstNames{"Ada", "Ben", "Cleo", "Dan", "Eva", "Finn", "Gia", "Hugo", "Iris", "Jon",
                                 "Kim", "Leo", "Mia", "Nils", "Olga", "Paul", "Quinn", "Rosa", "Sam", "Tara"};
constexpr std::array kLastNames{"Adams", "Brown", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hall", "Ito",
                                "Jones", "Khan", "Lopez", "Moreau", "Novak", "Okafor", "Patel", "Rossi", "Silva",
                                "Tanaka", "Weber"};
constexpr std::array kTitles{"CEO", "CTO", "Head of Sales", "Buyer", "Engineer", "Operations Lead", "CFO"};
constexpr std::array kActivityKinds{"Email Sent", "Email Received", "Call", "Meeting", "Note"};

// Progress on a terminal: "companies  [#######             ]  35 %"; silent otherwise.
class Progress {
 public:
  explicit Progress(int total) : total_(total), tty_(isatty(STDOUT_FILENO)) {}
  void step(std::string_view what, int done) {
    if (!tty_) return;
    int percent = total_ ? 100 * done / total_ : 100;
    std::string bar(static_cast<std::size_t>(percent / 5), '#');
    std::cout << fmt::format("\r{:<11}[{:<20}] {:>3} %", what, bar, percent) << std::flush;
    if (done == total_) std::cout << "\n";
  }

 private:
  int total_;
  bool tty_;
};

struct Seeder {
  std::mt19937 random{20261123};  // the same demo every time
  template <class List>
  auto pick(const List& list) {
    return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(random)];
  }
  int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); }
  std::string days_ago(int max_days) {
    auto ago = std::chrono::minutes(between(0, max_days * 24 * 60));
    return iso8601(std::chrono::system_clock::now() - ago);
  }
};

asio::awaitable<void> seed(db::Database& database, const DemoLogin& login, std::string password_hash, int& exit_code) {
  // The demo user: a second run prints the login again instead of seeding twice.
  db::Result existing;
  common::RlsSettings none;
  co_await common::with_rls(database, none, false, [&](db::Session& s) -> asio::awaitable<void> {
    existing = co_await accounts::find_user_by_email(s, login.email);
  });
  if (!existing.empty()) {
    std::cout << fmt::format("The demo workspace exists already. Sign in as {} / {}\n", login.email, login.password);
    exit_code = 0;
    co_return;
  }

  Seeder seeder;
  std::vector<std::string> members;
  std::string workspace_id;
  co_await database.transaction([&](db::Session& tx) -> asio::awaitable<void> {
    accounts::NewUser owner_account{login.email, "Demo Owner", password_hash, iso8601_now()};
    auto owner = co_await accounts::insert_user(tx, owner_account);
    std::string owner_id = owner.front().text("id");
    auto workspace = co_await accounts::insert_workspace(tx, login.workspace, owner_id);
    workspace_id = workspace.front().text("id");
    common::RlsSettings settings{{"crest.workspace_id", workspace_id}};
    co_await common::apply_rls_settings(tx, settings);
    co_await accounts::insert_membership(tx, workspace_id, owner_id, "Owner", owner_id);
    members.push_back(owner_id);
    for (const char* role : {"Admin", "Operator", "Pipeline", "Viewer"}) {
      std::string email = fmt::format("{}@{}", accounts::normalize_email(role), login.email.substr(login.email.find('@') + 1));
      accounts::NewUser teammate{email, fmt::format("Demo {}", role), password_hash, iso8601_now()};
      auto user = co_await accounts::insert_user(tx, teammate);
      std::string user_id = user.front().text("id");
      co_await accounts::insert_membership(tx, workspace_id, user_id, role, owner_id);
      members.push_back(user_id);
    }
  });

  common::TenantDb tenant(database, common::Tenant{workspace_id, members.front()});
  Progress progress(kCompanies + kContacts + kDeals + kActivities);
  int done = 0;
  // Rows go in batches, each in a transaction of its own.
  using RowMaker = std::function<asio::awaitable<void>(common::TenantSession&, int)>;
  // (Named makers, not temporaries inside co_await: g++ 12 mishandles those.)
  auto in_batches = [&](int count, std::string_view what, const RowMaker& make) -> asio::awaitable<void> {
    for (int start = 0; start < count; start += kBatch) {
      int end = std::min(count, start + kBatch);
      co_await tenant.transaction([&](common::TenantSession& tx) -> asio::awaitable<void> {
        for (int i = start; i < end; ++i) co_await make(tx, i);
      });
      done += end - start;
      progress.step(what, done);
    }
  };

  std::vector<std::string> companies, company_domains, contacts, contact_companies;
  RowMaker company_row = [&](common::TenantSession& tx, int i) -> asio::awaitable<void> {
    std::string name = fmt::format("{} {}", kPrefixes[static_cast<std::size_t>(i) % kPrefixes.size()],
                                   kSuffixes[static_cast<std::size_t>(i) / kPrefixes.size() % kSuffixes.size()]);
    std::string domain = accounts::normalize_email(name);
    std::erase(domain, ' ');
    domain += i < 100 ? ".com" : ".io";
    common::Fields fields{{"name", name},
                          {"domain", domain},
                          {"industry", seeder.pick(modules::companies::contracts::industries())},
                          {"employee_range", seeder.pick(modules::companies::contracts::employee_ranges())},
                          {"status", seeder.pick(modules::companies::contracts::statuses())},
                          {"owner_id", seeder.pick(members)}};
    auto row = co_await tx.insert("companies", fields);
    companies.push_back(row.front().text("id"));
    company_domains.push_back(domain);
  };
  co_await in_batches(kCompanies, "companies", company_row);
  RowMaker contact_row = [&](common::TenantSession& tx, int i) -> asio::awaitable<void> {
    std::string first = seeder.pick(kFirstNames), last = seeder.pick(kLastNames);
    std::size_t company = static_cast<std::size_t>(seeder.between(0, kCompanies - 1));
    bool at_company = i % 5 != 0;
    common::Fields fields{{"first_name", first},
                          {"last_name", last},
                          {"email", accounts::normalize_email(fmt::format("{}.{}{}@{}", first, last, i,
                                                                          company_domains[company]))},
                          {"title", std::string(seeder.pick(kTitles))},
                          {"company_id", at_company ? db::Value(companies[company]) : db::Value(nullptr)},
                          {"owner_id", seeder.pick(members)}};
    auto row = co_await tx.insert("contacts", fields);
    contacts.push_back(row.front().text("id"));
    contact_companies.push_back(at_company ? companies[company] : std::string());
  };
  co_await in_batches(kContacts, "contacts", contact_row);
  RowMaker deal_row = [&](common::TenantSession& tx, int i) -> asio::awaitable<void> {
    const auto& stages = modules::deals::contracts::stages();
    std::string stage = stages[static_cast<std::size_t>(i) % stages.size()];  // every stage, evenly
    std::size_t contact = static_cast<std::size_t>(seeder.between(0, kContacts - 1));
    std::string company = contact_companies[contact].empty() ? seeder.pick(companies) : contact_companies[contact];
    std::string changed = seeder.days_ago(90);
    common::Fields fields{{"title", fmt::format("{} {}", seeder.pick(std::array{"Pilot", "Renewal", "Expansion", "Rollout"}), i + 1)},
                          {"company_id", company},
                          {"contact_id", contacts[contact]},
                          {"stage", stage},
                          {"amount_cents", std::int64_t{seeder.between(5, 2000)} * 100'000},
                          {"currency", std::string(i % 10 == 0 ? "EUR" : "USD")},
                          {"owner_id", seeder.pick(members)},
                          {"stage_changed_at", changed},
                          {"closed_at", modules::deals::contracts::is_closed(stage) ? db::Value(changed) : db::Value(nullptr)}};
    co_await tx.insert("deals", fields);
  };
  co_await in_batches(kDeals, "deals", deal_row);
  RowMaker activity_row = [&](common::TenantSession& tx, int) -> asio::awaitable<void> {
    std::size_t contact = static_cast<std::size_t>(seeder.between(0, kContacts - 1));
    std::string kind = seeder.pick(kActivityKinds);
    common::Fields fields{{"kind", kind},
                          {"subject", fmt::format("{} with {}", kind, seeder.pick(kFirstNames))},
                          {"at", seeder.days_ago(90)},
                          {"contact_id", contacts[contact]},
                          {"company_id", contact_companies[contact].empty() ? db::Value(nullptr)
                                                                            : db::Value(contact_companies[contact])}};
    co_await tx.insert("activities", fields);
  };
  co_await in_batches(kActivities, "activities", activity_row);
  std::cout << fmt::format(
      "Seeded \"{}\": {} companies, {} contacts, {} deals, {} activities.\n"
      "Sign in as {} / {} (or admin@, operator@, pipeline@, viewer@ the same domain, same password).\n",
      login.workspace, kCompanies, kContacts, kDeals, kActivities, login.email, login.password);
  exit_code = 0;
}

}  // namespace

int seed_demo(const Config& config, const DemoLogin& login) {
  if (int code = prepare_schema(config, MigratePolicy::IfEmbedded)) return code;
  int exit_code = 1;
  try {
    auth::PasswordHasher hasher({static_cast<unsigned long long>(config.argon2_ops),
                                 static_cast<std::size_t>(config.argon2_memory_kib) * 1024},
                                1);
    std::string password_hash;
    run_to_completion([&]() -> asio::awaitable<void> { password_hash = co_await hasher.hash(login.password); }());
    run_to_completion([&]() -> asio::awaitable<void> {
      auto database = open_configured_database(config);
      std::exception_ptr failure;
      try {
        co_await seed(*database, login, password_hash, exit_code);
      } catch (...) {
        failure = std::current_exception();
      }
      database->close();
      if (failure) std::rethrow_exception(failure);
    }());
  } catch (const std::exception& e) {
    std::cerr << "crest seed: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}

}  // namespace crest::app
