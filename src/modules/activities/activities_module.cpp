#include "modules/activities/activities_module.hpp"

#include <boost/json/value.hpp>

#include "modules/activities/activities_service.hpp"
#include "modules/activities/activity_rollups.hpp"
#include "modules/activities/activity_schema.hpp"
#include "modules/activities/activity_timeline.hpp"

namespace crest::modules {
using namespace crest::modules::activities;

void ActivitiesModule::register_routes(ModuleContext& ctx) {
  auto service = std::make_shared<ActivitiesService>(ctx.db);

  Scope api(ctx.router, "/api/v1", "Activities");
  api.get("/activities").summary("Activities, newest first; filter by companyId, contactId, dealId or kind")
      .can("Read", "Activity").query(service->list_query())
      .response(200, page_of(contracts::activity_view()))
      .handle(service, &ActivitiesService::list);
  api.post("/activities").summary("Record an activity")
      .can("Create", "Activity").body(contracts::create_activity())
      .response(201, contracts::activity_view()).audit("Create", "Activity")
      .handle(service, &ActivitiesService::create);
  api.get("/activities/timeline").summary("The workspace's activities as a chart: counts per day or week, by kind or by who logged them")
      .description("Every bucket of the period is present (zeros included) with its label; one series per kind or "
                   "member, largest first, as arrays a chart library draws as they are; the total against the period "
                   "of the same length just before. Buckets are UTC; weeks start on Monday. Deleted activities do not count.")
      .can("Read", "Activity").query(timeline_query())
      .response(200, timeline_view())
      .handle(service, &ActivitiesService::timeline);
  api.get("/activities/:id").summary("One activity")
      .can("Read", "Activity").params(contracts::activity_params())
      .response(200, contracts::activity_view())
      .handle(service, &ActivitiesService::get);

  ctx.crons
      .add("activities.rollup", ctx.config.activity_rollup_schedule, {},
           [](queue::JobContext& tick) -> boost::asio::awaitable<boost::json::value> {
             auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
             auto report = co_await activities::refresh_activity_rollups(tick.database(), now);
             co_return report.to_json();
           })
      .attempts(1)
      .timeout(std::chrono::minutes(5));
}

}  // namespace crest::modules
