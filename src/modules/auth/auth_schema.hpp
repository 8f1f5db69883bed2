#pragma once
// The contracts of auth, workspaces, members and invitations: requests and views.
#include "core/schema/schema.hpp"

namespace crest::modules::auth::contracts {

const schema::Schema& register_request();
const schema::Schema& login_request();
const schema::Schema& refresh_request();
const schema::Schema& switch_workspace_request();

const schema::Schema& user_view();
const schema::Schema& user_summary();  // {id, name, email}: owners and members in other views
const schema::Schema& workspace_view();
const schema::Schema& tokens_view();
const schema::Schema& session_view();         // {user, workspace, tokens}
const schema::Schema& refreshed_view();       // {tokens}
const schema::Schema& switched_view();        // {workspace, tokens}
const schema::Schema& me_view();
const schema::Schema& logout_view();          // {revoked: true}
const schema::Schema& logout_all_view();      // {revoked: <count>}

const schema::Schema& role();
const schema::Schema& plan();

}  // namespace crest::modules::auth::contracts
