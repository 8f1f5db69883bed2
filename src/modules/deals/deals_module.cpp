#include "modules/deals/deals_module.hpp"

#include "common/deleted_view.hpp"
#include "modules/deals/deal_schema.hpp"
#include "modules/deals/deals_service.hpp"

namespace crest::modules {
using namespace crest::modules::deals;

void DealsModule::register_routes(ModuleContext& ctx) {
  auto service = std::make_shared<DealsService>(ctx.db);

  Scope api(ctx.router, "/api/v1", "Deals");
  api.get("/deals").summary("List deals (filters, search in the title, sorting)")
      .can("Read", "Deal").query(service->list_query())
      .response(200, page_of(contracts::deal_view()))
      .handle(service, &DealsService::list);
  api.post("/deals").summary("Create a deal")
      .can("Create", "Deal").body(contracts::create_deal())
      .response(201, contracts::deal_view()).audit("Create", "Deal")
      .handle(service, &DealsService::create);
  api.get("/deals/:id").summary("One deal")
      .can("Read", "Deal").params(contracts::deal_params())
      .response(200, contracts::deal_view())
      .handle(service, &DealsService::get);
  api.patch("/deals/:id").summary("Change a deal (not its stage)")
      .can("Update", "Deal").params(contracts::deal_params()).body(contracts::update_deal())
      .response(200, contracts::deal_view()).audit("Update", "Deal")
      .handle(service, &DealsService::update);
  api.post("/deals/:id/stage").summary("Move a deal to another stage; records an activity")
      .can("Update", "Deal").params(contracts::deal_params()).body(contracts::move_stage())
      .response(200, contracts::deal_view()).audit("MoveStage", "Deal")
      .handle(service, &DealsService::move_stage);
  api.del("/deals/:id").summary("Delete a deal (soft)")
      .can("Delete", "Deal").params(contracts::deal_params())
      .response(200, common::deleted_view()).audit("Delete", "Deal")
      .handle(service, &DealsService::remove);

  Scope pipeline(ctx.router, "/api/v1", "Pipeline");
  pipeline.get("/pipeline").summary("Deals and amounts per stage, in stage order, in one currency")
      .can("Read", "Pipeline").query(contracts::pipeline_query())
      .response(200, contracts::pipeline_view())
      .handle(service, &DealsService::pipeline);
}

}  // namespace crest::modules
