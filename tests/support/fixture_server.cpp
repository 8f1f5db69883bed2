// The crest application plus fixture routes that end-to-end tests need and the product must not
// have: a slow handler, a throwing one, a small body limit, a response that breaks its schema.
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <csignal>
#include <iostream>

#include "app/application.hpp"
#include "app/database_setup.hpp"
#include "core/log/log.hpp"

namespace {
using namespace crest;
using namespace crest::schema;

class FixtureModule : public Module {
 public:
  std::string_view name() const override { return "fixture"; }
  void register_routes(ModuleContext& ctx) override {
    Scope t(ctx.router, "/__test", "Fixture");
    t.get("/sleep").public_route().query(object({{"ms", integer().min(0).max(60'000)}}))
        .handle([](RequestContext& c) -> boost::asio::awaitable<Reply> {
          boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
          timer.expires_after(std::chrono::milliseconds(c.query.at("ms").to_number<std::int64_t>()));
          co_await timer.async_wait(boost::asio::use_awaitable);
          co_return Reply::ok({{"slept", c.query.at("ms")}});
        });
    auto item = object({{"sku", string().trim().min(1).max(20)}, {"quantity", integer().min(1)}});
    t.post("/echo").public_route().body_limit(4096)
        .body(object({{"email", string().email()},
                      {"items", array(item).min(1).max(5)},
                      {"note", string().max(100).optional()}}))
        .handle([](RequestContext& c) -> boost::asio::awaitable<Reply> {
          co_return Reply::created(c.body);
        });
    t.get("/boom").public_route().handle([](RequestContext&) -> boost::asio::awaitable<Reply> {
      throw std::runtime_error("secret internal detail");
      co_return Reply::ok(nullptr);
    });
    t.get("/items/:id").public_route()
        .params(object({{"id", integer().min(1)}}))
        .query(object({{"flag", boolean().optional()},
                       {"status", enumeration({"Active", "Inactive"}).optional()},
                       {"page", integer().min(1).default_value(1)}}))
        .handle([](RequestContext& c) -> boost::asio::awaitable<Reply> {
          co_return Reply::ok({{"params", c.params}, {"query", c.query}});
        });
    t.get("/throttled").public_route().throttle(2, std::chrono::seconds(60))
        .handle([](RequestContext&) -> boost::asio::awaitable<Reply> { co_return Reply::ok(true); });
    t.get("/private").handle([](RequestContext&) -> boost::asio::awaitable<Reply> {
      co_return Reply::ok(true);
    });
    t.get("/bad-response").public_route().response(200, object({{"count", integer()}}))
        .handle([](RequestContext&) -> boost::asio::awaitable<Reply> {
          co_return Reply::ok({{"count", "not a number"}});
        });
  }
};

}  // namespace

int main() {
  std::signal(SIGPIPE, SIG_IGN);
  try {
    Config config = load_config(read_environment());
    app::init_logging(config);
    if (!app::ensure_jwt_secret(config)) return 1;
    if (int code = app::prepare_schema(config, app::MigratePolicy::Always)) return code;
    std::vector<std::unique_ptr<Module>> extra;
    extra.push_back(std::make_unique<FixtureModule>());
    int code = app::Application(config, std::move(extra)).serve();
    log::shutdown();
    return code;
  } catch (const ConfigError& e) {
    std::cerr << "configuration error: " << e.what() << "\n";
    return 2;
  }
}
