#include "modules/contacts/contacts_module.hpp"

#include "common/deleted_view.hpp"
#include "modules/contacts/contact_schema.hpp"
#include "modules/contacts/contacts_import.hpp"
#include "modules/contacts/contacts_service.hpp"

namespace crest::modules {
using namespace crest::modules::contacts;

void ContactsModule::register_routes(ModuleContext& ctx) {
  auto service = std::make_shared<ContactsService>(ctx.db);

  Scope api(ctx.router, "/api/v1", "Contacts");
  api.get("/contacts").summary("List contacts (filters, search in names and email, sorting)")
      .can("Read", "Contact").query(service->list_query())
      .response(200, page_of(contracts::contact_view()))
      .handle(service, &ContactsService::list);
  api.post("/contacts").summary("Create a contact")
      .can("Create", "Contact").body(contracts::create_contact())
      .response(201, contracts::contact_view()).audit("Create", "Contact")
      .handle(service, &ContactsService::create);
  api.get("/contacts/:id").summary("One contact")
      .can("Read", "Contact").params(contracts::contact_params())
      .response(200, contracts::contact_view())
      .handle(service, &ContactsService::get);
  api.patch("/contacts/:id").summary("Change a contact")
      .can("Update", "Contact").params(contracts::contact_params()).body(contracts::update_contact())
      .response(200, contracts::contact_view()).audit("Update", "Contact")
      .handle(service, &ContactsService::update);
  api.del("/contacts/:id").summary("Delete a contact (soft)")
      .can("Delete", "Contact").params(contracts::contact_params())
      .response(200, common::deleted_view()).audit("Delete", "Contact")
      .handle(service, &ContactsService::remove);
  register_contacts_import(ctx);
}

}  // namespace crest::modules
