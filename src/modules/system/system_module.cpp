#include "modules/system/system_module.hpp"

#include <boost/json.hpp>

#include "core/util/time.hpp"
#include "crest_version.hpp"
#include "modules/system/purge.hpp"
#include "modules/system/version_schema.hpp"

namespace crest::modules {

void SystemModule::register_routes(ModuleContext& ctx) {
  Scope api(ctx.router, "/api/v1", "System");

  api.get("/version").summary("Service name, version and environment").public_route()
      .response(200, version_view())
      .handle([env = ctx.config.env, started = iso8601_now()](RequestContext&)
                  -> boost::asio::awaitable<Reply> {
        co_return Reply::ok(View{{"name", "crest"},
                                 {"version", kCrestVersion},
                                 {"environment", env},
                                 {"startedAt", started}});
      });

  ctx.crons
      .add("purge", ctx.config.purge_schedule, {},
           [keep = ctx.config.purge_after](queue::JobContext& tick) -> boost::asio::awaitable<boost::json::value> {
             auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
             std::string run_id = tick.job().id;
             std::function<bool()> stop = [&tick] { return tick.cancelled(); };
             auto report = co_await system::purge_ended_rows(tick.database(), now - keep, std::move(run_id), std::move(stop));
             co_return report.to_json();
           })
      .attempts(3)
      .timeout(std::chrono::minutes(10));
}

}  // namespace crest::modules
