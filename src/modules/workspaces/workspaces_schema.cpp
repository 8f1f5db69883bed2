#include "modules/workspaces/workspaces_schema.hpp"

#include "modules/auth/auth_schema.hpp"

namespace crest::modules::workspaces::contracts {
using namespace crest::schema;
namespace auth = crest::modules::auth::contracts;

const Schema& my_workspace_view() {
  static const Schema s = object({
      {"id", string().uuid()},
      {"name", string().max(100)},
      {"plan", auth::plan()},
      {"role", auth::role()},
      {"joinedAt", datetime()},
      {"createdAt", datetime()},
      {"updatedAt", datetime()},
  }).name("MyWorkspaceView");
  return s;
}

const Schema& create_workspace_request() {
  static const Schema s = object({{"name", string().trim().min(1).max(100)}}).name("CreateWorkspaceRequest");
  return s;
}

const Schema& update_workspace_request() {
  static const Schema s = object({
      {"name", string().trim().min(1).max(100).optional()},
      {"plan", auth::plan().optional().describe("Owners only")},
  }).name("UpdateWorkspaceRequest");
  return s;
}

const Schema& member_view() {
  static const Schema s =
      object({{"user", auth::user_summary()}, {"role", auth::role()}, {"joinedAt", datetime()}}).name("MemberView");
  return s;
}

const Schema& member_params() {
  static const Schema s = object({{"userId", string().uuid()}});
  return s;
}

const Schema& update_member_request() {
  static const Schema s = object({{"role", auth::role()}}).name("UpdateMemberRequest");
  return s;
}

const Schema& removed_view() {
  static const Schema s = object({{"removed", boolean()}}).name("RemovedView");
  return s;
}

const Schema& invitation_request() {
  static const Schema s = object({
      {"email", string().trim().max(254).email()},
      {"role", auth::role()},
  }).name("InvitationRequest");
  return s;
}

const Schema& invitation_view() {
  static const Schema s = object({
      {"id", string().uuid()},
      {"email", string().max(254)},
      {"role", auth::role()},
      {"expiresAt", datetime()},
      {"acceptedAt", datetime().nullable()},
      {"createdAt", datetime()},
  }).name("InvitationView");
  return s;
}

const Schema& accept_invitation_request() {
  static const Schema s = object({
      {"token", string().min(16).max(128)},
      {"name", string().trim().min(1).max(100).optional().describe("Required when the invitee has no account yet")},
      {"password", string().min(8).max(72).optional().describe(
                       "A new account's password; an existing account's own password (or send its bearer token "
                       "instead); for an account nobody verified, its new password (the old one stops working)")},
  }).name("AcceptInvitationRequest");
  return s;
}

}  // namespace crest::modules::workspaces::contracts
