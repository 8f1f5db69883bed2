#include "modules/system/system_module.hpp"

#include <boost/json.hpp>

#include "core/util/time.hpp"
#include "crest_version.hpp"
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
}

}  // namespace crest::modules
