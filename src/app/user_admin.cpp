#include "app/user_admin.hpp"

#include <iostream>

#include "app/database_setup.hpp"
#include "common/security_events.hpp"
#include "common/tenant_db.hpp"
#include "core/util/event_loop.hpp"
#include "modules/auth/accounts_repository.hpp"

namespace crest::app {
namespace asio = boost::asio;
namespace accounts = modules::auth::accounts;

int set_user_active_command(const Config& config, const std::string& email, bool active) {
  if (int code = prepare_schema(config, MigratePolicy::IfEmbedded)) return code;
  std::optional<std::string> user_id;
  std::int64_t ended = 0;
  try {
    run_to_completion([&]() -> asio::awaitable<void> {
      auto database = open_configured_database(config);
      std::exception_ptr failure;
      try {
        co_await database->transaction([&](db::Session& tx) -> asio::awaitable<void> {
          user_id = co_await accounts::set_user_active(tx, email, active);
          ended = 0;
          if (!user_id) co_return;
          common::RlsSettings settings{{"crest.user_id", *user_id}};
          co_await common::apply_rls_settings(tx, settings);
          if (!active) ended = co_await accounts::revoke_user_tokens(tx, *user_id);
          // In each of the user's workspaces; the operator at the console is no member: no actor.
          auto memberships = co_await accounts::user_memberships(tx, *user_id);
          common::SecurityEvent event{active ? "Activate" : "Deactivate", "User", std::nullopt, *user_id, true,
                                      {{"sessionsEnded", ended}, {"by", "crest users"}}};
          for (std::size_t i = 0; i < memberships.size(); ++i)
            co_await common::record_security_event(tx, memberships[i].text("id"), event, {});
        });
      } catch (...) {
        failure = std::current_exception();
      }
      database->close();
      if (failure) std::rethrow_exception(failure);
    }());
  } catch (const std::exception& e) {
    std::cerr << "crest users: " << e.what() << "\n";
    return 1;
  }
  if (!user_id) {
    std::cerr << "crest users: no user with the email " << email << "\n";
    return 1;
  }
  if (active)
    std::cout << email << " is active again (they sign in anew)\n";
  else
    std::cout << email << " is deactivated; " << ended << " session(s) ended\n";
  return 0;
}

}  // namespace crest::app
