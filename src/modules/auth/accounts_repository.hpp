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
};

struct RefreshTokenRecord {
  std::string id;
  std::string user_id;
  std::string workspace_id;
  std::string family_id;
  std::string expires_at;  // ISO 8601
  bool revoked = false;
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

// Rows hold id, email, name, created_at (+ password_hash for find_user_by_email); empty if none.
boost::asio::awaitable<db::Result> find_user_by_email(db::Session& session, std::string email);
boost::asio::awaitable<db::Result> find_user(db::Session& session, std::string user_id);
// UniqueViolation (409 naming email) when the address is taken.
boost::asio::awaitable<db::Result> insert_user(db::Session& session, NewUser user);

boost::asio::awaitable<db::Result> find_workspace(db::Session& session, std::string workspace_id);
boost::asio::awaitable<db::Result> insert_workspace(db::Session& session, std::string name, std::string creator_id);

// Rows: id, name, plan, created_at, updated_at (the workspace's), role, joined_at; oldest first.
boost::asio::awaitable<db::Result> user_memberships(db::Session& session, std::string user_id);
boost::asio::awaitable<std::optional<std::string>> membership_role(db::Session& session, std::string user_id,
                                                                   std::string workspace_id);
boost::asio::awaitable<void> insert_membership(db::Session& session, std::string workspace_id, std::string user_id,
                                               std::string role, std::string actor_id);

boost::asio::awaitable<void> insert_refresh_token(db::Session& session, NewRefreshToken token);
boost::asio::awaitable<std::optional<RefreshTokenRecord>> find_refresh_token(db::Session& session,
                                                                            std::string token_hash);
// Whether this call revoked it (false: it was already used or revoked).
boost::asio::awaitable<bool> revoke_refresh_token(db::Session& session, std::string token_id);
boost::asio::awaitable<std::int64_t> revoke_token_family(db::Session& session, std::string family_id);
boost::asio::awaitable<std::int64_t> revoke_user_tokens(db::Session& session, std::string user_id);
boost::asio::awaitable<std::int64_t> revoke_user_workspace_tokens(db::Session& session, std::string user_id,
                                                                  std::string workspace_id);

}  // namespace crest::modules::auth::accounts
