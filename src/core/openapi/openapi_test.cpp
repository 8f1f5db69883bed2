#include "core/openapi/openapi.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace crest {
namespace {
using namespace crest::schema;

TEST(OpenApi, DescribesARouteFromItsDeclaration) {
  Router router;
  auto view = object({{"id", string().uuid()}, {"name", string().max(200)}}).name("CompanyView");
  Scope api(router, "/api/v1", "Companies");
  api.get("/companies/:id").summary("Get a company").params(object({{"id", string().uuid()}}))
      .response(200, view).can("Read", "Company")
      .handle([](RequestContext&) -> boost::asio::awaitable<Reply> { co_return Reply::ok(nullptr); });
  api.get("/companies").summary("List companies")
      .query(object({{"page", integer().min(1).default_value(1)}, {"search", string().max(100).optional()}}))
      .response(200, page_of(view)).throttle(10, std::chrono::seconds(60))
      .handle([](RequestContext&) -> boost::asio::awaitable<Reply> { co_return Reply::ok(nullptr); });

  auto doc = build_openapi(router, ApiInfo{});
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  const auto& get = doc.at("paths").at("/api/v1/companies/{id}").at("get");
  EXPECT_EQ(get.at("summary"), "Get a company");
  EXPECT_EQ(get.at("tags").at(0), "Companies");
  EXPECT_EQ(get.at("parameters").at(0).at("in"), "path");
  EXPECT_EQ(get.at("parameters").at(0).at("required"), true);
  EXPECT_EQ(get.at("responses").at("200").at("content").at("application/json").at("schema")
                .at("properties").at("data").at("$ref"),
            "#/components/schemas/CompanyView");
  for (const char* status : {"400", "401", "403", "404", "500"})
    EXPECT_EQ(get.at("responses").at(status).at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/ErrorEnvelope") << status;

  const auto& list = doc.at("paths").at("/api/v1/companies").at("get");
  EXPECT_EQ(list.at("parameters").at(0).at("required"), false);  // has a default
  const auto& envelope = list.at("responses").at("200").at("content").at("application/json").at("schema");
  EXPECT_EQ(envelope.at("properties").at("meta").at("$ref"), "#/components/schemas/PageMeta");
  EXPECT_EQ(envelope.at("properties").at("data").at("type"), "array");
  EXPECT_TRUE(list.at("responses").as_object().contains("429"));
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("CompanyView"));
  EXPECT_EQ(doc.at("components").at("securitySchemes").at("bearerAuth").at("scheme"), "bearer");
}

TEST(OpenApi, PublicRoutesOptOutOfSecurity) {
  Router router;
  router.get("/health/live").public_route()
      .handle([](RequestContext&) -> boost::asio::awaitable<Reply> { co_return Reply::ok(nullptr); });
  auto doc = build_openapi(router, ApiInfo{});
  const auto& op = doc.at("paths").at("/health/live").at("get");
  EXPECT_TRUE(op.at("security").as_array().empty());
  EXPECT_FALSE(op.at("responses").as_object().contains("401"));
}

}  // namespace
}  // namespace crest
