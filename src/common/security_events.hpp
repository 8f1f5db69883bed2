#pragma once
// Security events, audited like any change (SPEC: audit): a sign-in and a failed one, a sign-out,
// a replayed refresh token, an accepted invitation, a deactivation. None of them is a route's
// own change, so each is written here, into the audit log of the workspace it concerns, on the
// session (and in the transaction) of the work it describes.
//
//   co_await common::record_security_event(tx, workspace_id, {"Login", "Session", user_id, user_id},
//                                          common::origin_of(ctx));
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"

namespace crest::common {

struct SecurityEvent {
  std::string action;                    // Login | Logout | LogoutAll | ReuseRefreshToken | AcceptInvitation | Deactivate | Activate
  std::string subject;                   // Session | User | Invitation
  std::optional<std::string> actor_id;   // null: nobody proven (a failed sign-in) or the operator's CLI
  std::optional<std::string> subject_id;
  bool success = true;
  boost::json::object details;  // never a secret: no token, no password, no hash
};

// Where a request came from; empty for the CLI.
struct EventOrigin {
  std::string request_id;
  std::string ip;
};
EventOrigin origin_of(const RequestContext& ctx);

// Inside a transaction: on PostgreSQL it sets crest.workspace_id (SET LOCAL) for the insert, as the
// audit table's policy asks, so record last in the transaction.
boost::asio::awaitable<void> record_security_event(db::Session& tx, const std::string& workspace_id,
                                                   const SecurityEvent& event, const EventOrigin& origin);

}  // namespace crest::common
