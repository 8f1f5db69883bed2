#pragma once
// The contracts of workspaces, members and invitations.
#include "core/schema/schema.hpp"

namespace crest::modules::workspaces::contracts {

const schema::Schema& my_workspace_view();  // a workspace with the caller's role in it
const schema::Schema& create_workspace_request();
const schema::Schema& update_workspace_request();
const schema::Schema& member_view();
const schema::Schema& member_params();
const schema::Schema& update_member_request();
const schema::Schema& removed_view();
const schema::Schema& invitation_request();
const schema::Schema& invitation_view();
const schema::Schema& accept_invitation_request();

}  // namespace crest::modules::workspaces::contracts
