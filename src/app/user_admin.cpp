#include "app/user_admin.hpp"

#include <iostream>

#include "app/database_setup.hpp"
#include "common/security_events.hpp"
#include "common/tenant_db.hpp"
#include "core/redis/redis_broadcast.hpp"
#include "core/util/event_loop.hpp"
#include "modules/auth/accounts_repository.hpp"
#include "modules/auth/jwt_authenticator.hpp"

namespace crest::app {
namespace asio = boost::asio;
namespace accounts = modules::auth::accounts;

namespace {
// Tells the running instances (through Redis, when it is configured) to forget what they cached
// of the user, so that the access tokens stop now rather than within CREST_AUTH_CACHE_TTL. What
// happened, for the operator.
asio::awaitable<std::string> tell_running_instances(const Config& config, std::string user_id) {
  if (config.redis_url.empty()) co_return "running instances stop accepting its access tokens within CREST_AUTH_CACHE_TTL";
  auto client = std::make_shared<redis::Client>(config.redis_url, config.redis_timeout);
  redis::RedisBroadcast broadcast(client, config.redis_url, config.redis_prefix);
  std::string outcome;
  try {
    auto listeners = co_await broadcast.publish_or_throw(modules::auth::kForgetChannel, std::move(user_id));
    outcome = std::to_string(listeners) + " running instance(s) told through Redis to stop accepting its access tokens";
  } catch (const std::exception& e) {
    outcome = std::string("Redis could not be told (") + e.what() +
              "): running instances stop accepting its access tokens within CREST_AUTH_CACHE_TTL";
  }
  client->close();  // the only thread of this loop: nothing else uses the connection
  co_return outcome;
}
}  // namespace

int set_user_active_command(const Config& config, const std::string& email, bool active) {
  if (int code = prepare_schema(config, MigratePolicy::IfEmbedded)) return code;
  std::optional<std::string> user_id;
  std::int64_t ended = 0;
  std::string told;
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
          common::EventOrigin console;  // no request, no address
          for (std::size_t i = 0; i < memberships.size(); ++i) {
            std::string workspace_id = memberships[i].text("id");  // (named: g++ 12 and co_await temporaries)
            co_await common::record_security_event(tx, workspace_id, event, console);
          }
        });
      } catch (...) {
        failure = std::current_exception();
      }
      database->close();
      if (failure) std::rethrow_exception(failure);
      if (user_id && !active) told = co_await tell_running_instances(config, *user_id);
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
    std::cout << email << " is deactivated; " << ended << " session(s) ended; " << told << "\n";
  return 0;
}

}  // namespace crest::app
