#pragma once
// Users, workspaces, memberships and refresh tokens: the SQL of the auth flows (queries/*.sql).
// Every function runs on the session it is given; on PostgreSQL the caller applies the RLS
// settings memberships need (crest.user_id or crest.workspace_id).
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "core/db/database.hpp"

namespace crest::modules::auth::accounts {

struct NewUser {
  std::string email;  // lower-cased
  std::string name;
  std::string password_hash;
  std::optional<std::string> email_verified_at;  // ISO 8601; null until the address is proven
};

struct RefreshTokenRecord {
  std::string id;
  std::string user_id;
  std::string workspace_id;
  std::string family_id;
  std::string expires_at;  // ISO 8601
  bool revoked = false;
  std::string revoked_at;                        // ISO 8601 when revoked
  std::optional<std::string> successor_sealed;   // set when it was rotated
};

struct NewRefreshToken {
  std::string user_id;
  std::string workspace_id;
  std::string token_hash;
  std::string family_id;
  std::optional<std::string> parent_id;
  std::string expires_at;
  std::string user_agent;
  std::string ip;
};

std::string normalize_email(std::string_view email);

// Rows hold id, email, name, email_verified_at, created_at (+ password_hash and deactivated_at for
// find_user_by_email); empty if none.
boost::asio::awaitable<db::Result> find_user_by_email(db::Session& session, std::string email);
boost::asio::awaitable<db::Result> find_user(db::Session& session, std::string user_id);
db::Database::Statement find_user_statement(std::string user_id);  // (for Database::read_together)
// UniqueViolation (409 naming email) when the address is taken.
boost::asio::awaitable<db::Result> insert_user(db::Session& session, NewUser user);

boost::asio::awaitable<db::Result> find_workspace(db::Session& session, std::string workspace_id);
db::Database::Statement find_workspace_statement(std::string workspace_id);
boost::asio::awaitable<db::Result> insert_workspace(db::Session& session, std::string name, std::string creator_id);

// Rows: id, name, plan, created_at, updated_at (the workspace's), role, joined_at; oldest first.
boost::asio::awaitable<db::Result> user_memberships(db::Session& session, std::string user_id);
// The role within a session that is still open (session_role.sql says what ends one).
boost::asio::awaitable<std::optional<std::string>> session_role(db::Session& session, std::string user_id,
                                                                std::string workspace_id, std::string session_id);
// An unverified account taken over by whoever proved control of its address; empty if it was
// verified (or gone) meanwhile. Its sessions are the caller's to revoke.
boost::asio::awaitable<db::Result> take_over_unverified_user(db::Session& session, std::string user_id,
                                                             std::string password_hash, std::string name);
// Marks the address of a signed-in account proven; empty if it already was.
boost::asio::awaitable<db::Result> mark_email_verified(db::Session& session, std::string user_id);
// Deactivates (or, with `active`, reactivates) the user with this email; their id, if any.
boost::asio::awaitable<std::optional<std::string>> set_user_active(db::Session& session, std::string email, bool active);
boost::asio::awaitable<std::optional<std::string>> membership_role(db::Session& session, std::string user_id,
                                                                   std::string workspace_id);
boost::asio::awaitable<void> insert_membership(db::Session& session, std::string workspace_id, std::string user_id,
                                               std::string role, std::string actor_id);

boost::asio::awaitable<void> insert_refresh_token(db::Session& session, NewRefreshToken token);
boost::asio::awaitable<std::optional<RefreshTokenRecord>> find_refresh_token(db::Session& session,
                                                                            std::string token_hash);
boost::asio::awaitable<void> set_refresh_successor(db::Session& session, std::string token_id,
                                                   std::string successor_sealed);
// Whether this call revoked it (false: it was already used or revoked).
boost::asio::awaitable<bool> revoke_refresh_token(db::Session& session, std::string token_id);
boost::asio::awaitable<std::int64_t> revoke_token_family(db::Session& session, std::string family_id);
boost::asio::awaitable<std::int64_t> revoke_user_tokens(db::Session& session, std::string user_id);
boost::asio::awaitable<std::int64_t> revoke_user_workspace_tokens(db::Session& session, std::string user_id,
                                                                  std::string workspace_id);

}  // namespace crest::modules::auth::accounts
