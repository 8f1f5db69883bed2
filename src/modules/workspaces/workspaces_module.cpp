#include "modules/workspaces/workspaces_module.hpp"

#include "modules/auth/auth_schema.hpp"
#include "modules/workspaces/invitations_service.hpp"
#include "modules/workspaces/members_service.hpp"
#include "modules/workspaces/workspaces_schema.hpp"
#include "modules/workspaces/workspaces_service.hpp"

namespace crest::modules {
using namespace crest::modules::workspaces;
using schema::object;

void WorkspacesModule::register_routes(ModuleContext& ctx) {
  auto workspaces = std::make_shared<WorkspacesService>(ctx.db);
  auto members = std::make_shared<MembersService>(ctx.db, ctx.providers.get<auth::JwtAuthenticator>());
  auto invitations = std::make_shared<InvitationsService>(ctx.db, ctx.providers.get<crest::auth::PasswordHasher>(),
                                                          ctx.providers.get<auth::TokenService>(),
                                                          ctx.providers.get<auth::JwtAuthenticator>(),
                                                          ctx.providers.get<crest::auth::TextSealer>(),
                                                          ctx.providers.get<mail::MailJobs>(),
                                                          ctx.config.public_url);

  Scope ws(ctx.router, "/api/v1", "Workspaces");
  ws.get("/workspaces").summary("The caller's workspaces, with their role in each")
      .can("Read", "Workspace").query(object(workspaces->list_query()))
      .response(200, page_of(contracts::my_workspace_view()))
      .handle(workspaces, &WorkspacesService::list_mine);
  ws.post("/workspaces").summary("Create another workspace; the caller becomes its Owner")
      .can("Create", "Workspace").body(contracts::create_workspace_request())
      .response(201, contracts::my_workspace_view()).audit("Create", "Workspace")
      .handle(workspaces, &WorkspacesService::create);
  ws.get("/workspaces/current").summary("The workspace of the access token")
      .can("Read", "Workspace").response(200, auth::contracts::workspace_view())
      .handle(workspaces, &WorkspacesService::current);
  ws.patch("/workspaces/current").summary("Rename the workspace or change its plan (plan: Owners only)")
      .can("Update", "Workspace").body(contracts::update_workspace_request())
      .response(200, auth::contracts::workspace_view()).audit("Update", "Workspace")
      .handle(workspaces, &WorkspacesService::update_current);

  Scope people(ctx.router, "/api/v1", "Members");
  people.get("/members").summary("Members of the current workspace")
      .can("Read", "Member").query(object(members->list_query()))
      .response(200, page_of(contracts::member_view()))
      .handle(members, &MembersService::list);
  people.patch("/members/:userId").summary("Change a member's role (nobody demotes the last Owner)")
      .can("Update", "Member").params(contracts::member_params()).body(contracts::update_member_request())
      .response(200, contracts::member_view()).audit("Update", "Member")
      .handle(members, &MembersService::change_role);
  people.del("/members/:userId").summary("Remove a member (soft); their sessions in this workspace end")
      .can("Delete", "Member").params(contracts::member_params())
      .response(200, contracts::removed_view()).audit("Delete", "Member")
      .handle(members, &MembersService::remove);

  Scope invites(ctx.router, "/api/v1", "Invitations");
  invites.post("/invitations").summary("Invite someone by email; the mail goes out through the outbox")
      .can("Create", "Invitation").body(contracts::invitation_request())
      .response(201, contracts::invitation_view()).audit("Create", "Invitation")
      .handle(invitations, &InvitationsService::invite);
  invites.post("/invitations/accept").summary("Join with an invitation token: creates the account if new; an existing one signs in with its password or bearer token")
      .public_route().throttle(ctx.config.login_rate_limit, std::chrono::seconds(60))
      .body(contracts::accept_invitation_request()).response(200, auth::contracts::session_view())
      .handle(invitations, &InvitationsService::accept);
}

}  // namespace crest::modules
