#include "modules/auth/accounts_repository.hpp"

#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/util/time.hpp"
#include "core/util/uuid.hpp"
#include "core/util/text.hpp"

namespace crest::modules::auth::accounts {
namespace asio = boost::asio;

namespace {
std::string_view sql(std::string_view name) {
  return db::sql_file(std::string("src/modules/auth/queries/") + std::string(name) + ".sql");
}
db::Value optional_value(const std::optional<std::string>& text) {
  return text ? db::Value(*text) : db::Value(nullptr);
}
// On PostgreSQL, opens the rows of one key to the statements after it (migration 0007's policies).
asio::awaitable<void> open_rows(db::Session& session, std::string_view setting, std::string value) {
  common::RlsSettings settings{{setting, std::move(value)}};
  co_await common::apply_rls_settings(session, settings);
}
}  // namespace

std::string normalize_email(std::string_view email) { return ascii_lower(email); }

asio::awaitable<db::Result> find_user_by_email(db::Session& session, std::string email) {
  co_await open_rows(session, "crest.user_email", email);  // the address is the key sign-in holds
  db::Params params{std::move(email)};
  co_return co_await session.query(sql("find_user_by_email"), params);
}

db::Database::Statement find_user_statement(std::string user_id) {
  return {std::string(sql("find_user")), db::Params{std::move(user_id)}};
}

asio::awaitable<db::Result> find_user(db::Session& session, std::string user_id) {
  auto statement = find_user_statement(std::move(user_id));
  co_return co_await session.query(statement.sql, std::move(statement.params));
}

asio::awaitable<db::Result> insert_user(db::Session& session, NewUser user) {
  std::string id = uuid_v7();
  co_await open_rows(session, "crest.user_id", id);  // the new account is the session's user from here
  db::Params params{std::move(id), std::move(user.email), std::move(user.name), std::move(user.password_hash),
                    iso8601_now(), optional_value(user.email_verified_at)};
  co_return co_await session.query(sql("insert_user"), params);
}

db::Database::Statement find_workspace_statement(std::string workspace_id) {
  return {std::string(sql("find_workspace")), db::Params{std::move(workspace_id)}};
}

asio::awaitable<db::Result> find_workspace(db::Session& session, std::string workspace_id) {
  auto statement = find_workspace_statement(std::move(workspace_id));
  co_return co_await session.query(statement.sql, std::move(statement.params));
}

asio::awaitable<db::Result> insert_workspace(db::Session& session, std::string name, std::string creator_id) {
  std::string id = uuid_v7();
  co_await open_rows(session, "crest.workspace_id", id);  // and the new workspace its workspace
  db::Params params{std::move(id), std::move(name), iso8601_now(), std::move(creator_id)};
  co_return co_await session.query(sql("insert_workspace"), params);
}

asio::awaitable<db::Result> user_memberships(db::Session& session, std::string user_id) {
  std::string statement = std::string(sql("user_memberships")) + " ORDER BY m.created_at, m.id";
  db::Params params{std::move(user_id)};
  co_return co_await session.query(statement, params);
}

asio::awaitable<std::optional<std::string>> membership_role(db::Session& session, std::string user_id,
                                                            std::string workspace_id) {
  db::Params params{std::move(user_id), std::move(workspace_id)};
  auto rows = co_await session.query(sql("membership_role"), params);
  if (rows.empty()) co_return std::nullopt;
  co_return rows.front().text("role");
}

asio::awaitable<std::optional<std::string>> session_role(db::Session& session, std::string user_id,
                                                         std::string workspace_id, std::string session_id) {
  db::Params params{std::move(user_id), std::move(workspace_id), std::move(session_id)};
  auto rows = co_await session.query(sql("session_role"), params);
  if (rows.empty()) co_return std::nullopt;
  co_return rows.front().text("role");
}

asio::awaitable<db::Result> take_over_unverified_user(db::Session& session, std::string user_id,
                                                      std::string password_hash, std::string name) {
  db::Params params{std::move(user_id), std::move(password_hash), std::move(name), iso8601_now()};
  co_return co_await session.query(sql("take_over_unverified_user"), params);
}

asio::awaitable<db::Result> mark_email_verified(db::Session& session, std::string user_id) {
  db::Params params{std::move(user_id), iso8601_now()};
  co_return co_await session.query(sql("mark_email_verified"), params);
}

asio::awaitable<std::optional<std::string>> set_user_active(db::Session& session, std::string email, bool active) {
  co_await open_rows(session, "crest.user_email", normalize_email(email));
  db::Params params{normalize_email(email), active ? db::Value(nullptr) : db::Value(iso8601_now())};
  auto rows = co_await session.query(sql("set_user_deactivated"), params);
  if (rows.empty()) co_return std::nullopt;
  co_return rows.front().text("id");
}

asio::awaitable<void> insert_membership(db::Session& session, std::string workspace_id, std::string user_id,
                                        std::string role, std::string actor_id) {
  db::Params params{uuid_v7(), std::move(workspace_id), std::move(user_id), std::move(role), iso8601_now(),
                    std::move(actor_id)};
  co_await session.query(sql("insert_membership"), params);
}

asio::awaitable<void> insert_refresh_token(db::Session& session, NewRefreshToken token) {
  db::Params params{uuid_v7(),
                    std::move(token.user_id),
                    std::move(token.workspace_id),
                    std::move(token.token_hash),
                    std::move(token.family_id),
                    optional_value(token.parent_id),
                    std::move(token.expires_at),
                    std::move(token.user_agent),
                    std::move(token.ip),
                    iso8601_now()};
  co_await session.query(sql("insert_refresh_token"), params);
}

asio::awaitable<std::optional<RefreshTokenRecord>> find_refresh_token(db::Session& session, std::string token_hash) {
  co_await open_rows(session, "crest.refresh_token_hash", token_hash);  // the token presented is the key
  db::Params params{std::move(token_hash)};
  auto rows = co_await session.query(sql("find_refresh_token"), params);
  if (rows.empty()) co_return std::nullopt;
  auto row = rows.front();
  bool revoked = !row.is_null("revoked_at");
  co_return RefreshTokenRecord{row.text("id"),
                               row.text("user_id"),
                               row.text("workspace_id"),
                               row.text("family_id"),
                               row.time("expires_at"),
                               revoked,
                               revoked ? row.time("revoked_at") : std::string(),
                               row.is_null("successor_sealed") ? std::nullopt
                                                               : std::optional<std::string>(row.text("successor_sealed"))};
}

asio::awaitable<void> set_refresh_successor(db::Session& session, std::string token_id, std::string successor_sealed) {
  db::Params params{std::move(token_id), std::move(successor_sealed)};
  co_await session.query(sql("set_refresh_successor"), params);
}

asio::awaitable<bool> revoke_refresh_token(db::Session& session, std::string token_id) {
  db::Params params{std::move(token_id), iso8601_now()};
  auto result = co_await session.query(sql("revoke_refresh_token"), params);
  co_return result.affected_rows == 1;
}

asio::awaitable<std::int64_t> revoke_token_family(db::Session& session, std::string family_id) {
  db::Params params{std::move(family_id), iso8601_now()};
  auto result = co_await session.query(sql("revoke_token_family"), params);
  co_return result.affected_rows;
}

asio::awaitable<std::int64_t> revoke_user_tokens(db::Session& session, std::string user_id) {
  db::Params params{std::move(user_id), iso8601_now()};
  auto result = co_await session.query(sql("revoke_user_tokens"), params);
  co_return result.affected_rows;
}

asio::awaitable<std::int64_t> revoke_user_workspace_tokens(db::Session& session, std::string user_id,
                                                           std::string workspace_id) {
  db::Params params{std::move(user_id), std::move(workspace_id), iso8601_now()};
  auto result = co_await session.query(sql("revoke_user_workspace_tokens"), params);
  co_return result.affected_rows;
}

}  // namespace crest::modules::auth::accounts
