#include "modules/auth/auth_module.hpp"

#include "core/auth/sealed_text.hpp"
#include "core/auth/tokens.hpp"
#include "core/config/config.hpp"
#include "core/broadcast.hpp"
#include "modules/auth/auth_schema.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/jwt_authenticator.hpp"
#include "modules/auth/member_abilities.hpp"
#include "modules/auth/role_abilities.hpp"

namespace crest::modules {
using namespace crest::modules::auth;

void AuthModule::register_routes(ModuleContext& ctx) {
  const Config& config = ctx.config;
  auto hasher = std::make_shared<crest::auth::PasswordHasher>(
      crest::auth::PasswordParams{static_cast<unsigned long long>(config.argon2_ops),
                                  static_cast<std::size_t>(config.argon2_memory_kib) * 1024},
      static_cast<std::size_t>(config.hash_threads));
  // `crest openapi` and `crest contracts` build the routes without resolving a secret; they never
  // sign. Serving always has one (Application::serve refuses to start without it).
  std::string secret = config.jwt_secret.size() >= 32 ? config.jwt_secret : crest::auth::random_token();
  auto tokens = std::make_shared<TokenService>(
      crest::auth::JwtSettings{secret, config.jwt_issuer, config.jwt_audience, config.access_token_ttl},
      config.refresh_token_ttl, config.refresh_reuse_grace,
      std::make_shared<const crest::auth::TextSealer>(secret, "refresh successor"));
  std::shared_ptr<const RoleRules> role_rules;
  try {
    role_rules = std::make_shared<const RoleRules>(RoleRules::load(config.role_rules_file));
  } catch (const std::invalid_argument& e) {
    throw ConfigError("CREST_ROLE_RULES", e.what());  // the start stops, naming what is wrong
  }
  auto authenticator = std::make_shared<JwtAuthenticator>(tokens, ctx.db, config.auth_cache_ttl, role_rules);
  // With Redis, what one instance forgets every instance forgets (the expiry is the backstop).
  if (auto broadcast = ctx.providers.find<Broadcast>()) authenticator->share_through(std::move(broadcast));
  if (auto store = ctx.providers.find<RateLimitStore>()) tokens->throttle_sessions(store, config.login_rate_limit, std::chrono::seconds(60));
  std::weak_ptr<JwtAuthenticator> forgetful = authenticator;
  tokens->on_sessions_ended([forgetful](std::string user_id) -> boost::asio::awaitable<void> {
    if (auto live = forgetful.lock()) co_await live->forget(std::move(user_id));
  });
  auto outbox_sealer = std::make_shared<crest::auth::TextSealer>(secret, "outbox");
  ctx.providers.provide(hasher);
  ctx.providers.provide(tokens);
  ctx.providers.provide(authenticator);
  ctx.providers.provide(outbox_sealer);
  ctx.providers.provide(std::make_shared<MemberAbilities>(ctx.db, role_rules));
  ctx.providers.provide<Authenticator>(authenticator);
  auto service = std::make_shared<AuthService>(ctx.db, hasher, tokens, authenticator);
  const auto login_limit = config.login_rate_limit;
  const auto minute = std::chrono::seconds(60);

  Scope api(ctx.router, "/api/v1", "Auth");
  api.post("/auth/register").summary("Create an account and its first workspace (you become its Owner)")
      .public_route().throttle(login_limit, minute)
      .body(contracts::register_request()).response(201, contracts::session_view())
      .handle(service, &AuthService::register_account);
  api.post("/auth/login").summary("Sign in; failures only ever say \"Invalid credentials\"")
      .public_route()
      // One address from one client; one account from anywhere (a botnet); one client, any account
      // (a list of stolen emails): each on its own counter, the first the tightest.
      .throttle(login_limit, minute, ThrottleBy::ip_and_field("email"))
      .throttle(login_limit * 4, minute, ThrottleBy::body_field("email"))
      .throttle(login_limit * 12, minute, ThrottleBy::client_ip())
      .body(contracts::login_request()).response(200, contracts::session_view())
      .handle(service, &AuthService::login);
  api.post("/auth/refresh").summary("Rotate a refresh token; reusing a rotated one revokes its family")
      .public_route()
      // And login_limit a minute per session, counted by TokenService (the session is known only
      // once the token is found).
      .throttle(login_limit * 12, minute, ThrottleBy::client_ip())
      .body(contracts::refresh_request()).response(200, contracts::refreshed_view())
      .handle(service, &AuthService::refresh);
  api.post("/auth/logout").summary("End the session of a refresh token: it and the access tokens issued with it stop working").public_route()
      .body(contracts::refresh_request()).response(200, contracts::logout_view())
      .handle(service, &AuthService::logout);
  api.post("/auth/logout-all").summary("Revoke every refresh token of the caller")
      .can("Delete", "Session").response(200, contracts::logout_all_view())
      .handle(service, &AuthService::logout_all);
  api.post("/auth/switch-workspace").summary("New tokens for another workspace the caller belongs to")
      .can("Create", "Session").body(contracts::switch_workspace_request()).response(200, contracts::switched_view())
      .handle(service, &AuthService::switch_workspace);
  api.get("/me").summary("The caller, their workspace and role, and their abilities as CASL rules")
      .can("Read", "User").response(200, contracts::me_view())
      .handle(service, &AuthService::me);
}

}  // namespace crest::modules
