#include "modules/companies/companies_module.hpp"

#include "common/deleted_view.hpp"
#include "modules/companies/companies_service.hpp"
#include "modules/companies/company_export.hpp"
#include "modules/companies/company_schema.hpp"

namespace crest::modules {
using namespace crest::modules::companies;

void CompaniesModule::register_routes(ModuleContext& ctx) {
  auto service = std::make_shared<CompaniesService>(ctx.db);

  Scope api(ctx.router, "/api/v1", "Companies");
  api.get("/companies").summary("List companies (filters, search in name and domain, sorting)")
      .can("Read", "Company").query(service->list_query())
      .response(200, page_of(contracts::company_view()))
      .handle(service, &CompaniesService::list);
  api.post("/companies").summary("Create a company")
      .can("Create", "Company").body(contracts::create_company())
      .response(201, contracts::company_view()).audit("Create", "Company")
      .handle(service, &CompaniesService::create);
  api.get("/companies/:id").summary("One company")
      .can("Read", "Company").params(contracts::company_params())
      .response(200, contracts::company_view())
      .handle(service, &CompaniesService::get);
  api.patch("/companies/:id").summary("Change a company")
      .can("Update", "Company").params(contracts::company_params()).body(contracts::update_company())
      .response(200, contracts::company_view()).audit("Update", "Company")
      .handle(service, &CompaniesService::update);
  api.del("/companies/:id").summary("Delete a company (soft)")
      .can("Delete", "Company").params(contracts::company_params())
      .response(200, common::deleted_view()).audit("Delete", "Company")
      .handle(service, &CompaniesService::remove);
  register_company_export(ctx);
}

}  // namespace crest::modules
