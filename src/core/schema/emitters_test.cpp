#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/schema/json_schema.hpp"
#include "core/schema/zod_emitter.hpp"

namespace crest::schema {
namespace {
namespace json = boost::json;

const Schema& owner() {
  static const Schema s = object({{"id", string().uuid()}, {"name", string().max(100)}}).name("OwnerSummary");
  return s;
}

TEST(JsonSchema, ObjectsAreStrictWithRequiredListAndFormats) {
  JsonSchemaEmitter emitter;
  auto out = emitter.emit(object({{"email", string().email()},
                                  {"age", integer().min(0).optional()},
                                  {"status", enumeration({"Active"}).default_value("Active")}}));
  EXPECT_EQ(out.at("additionalProperties"), false);
  EXPECT_EQ(out.at("required"), json::array{"email"});
  EXPECT_EQ(out.at("properties").at("email").at("format"), "email");
  EXPECT_EQ(out.at("properties").at("email").at("maxLength"), 4096);
  EXPECT_EQ(out.at("properties").at("age").at("type"), "integer");
  EXPECT_EQ(out.at("properties").at("status").at("default"), "Active");
}

TEST(JsonSchema, NamedSchemasBecomeComponentsAndNullableWrapsTheRef) {
  JsonSchemaEmitter emitter;
  auto out = emitter.emit(object({{"owner", owner().nullable()}, {"creator", owner()}}));
  EXPECT_EQ(out.at("properties").at("creator").at("$ref"), "#/components/schemas/OwnerSummary");
  const auto& any_of = out.at("properties").at("owner").at("anyOf").as_array();
  EXPECT_EQ(any_of[0].at("$ref"), "#/components/schemas/OwnerSummary");
  EXPECT_EQ(any_of[1].at("type"), "null");
  // The component itself is not nullable.
  EXPECT_EQ(emitter.components().at("OwnerSummary").at("type"), "object");
}

TEST(JsonSchema, DiscriminatedUnionUsesOneOfWithDiscriminator) {
  JsonSchemaEmitter emitter;
  auto out = emitter.emit(discriminated_union({object({{"kind", literal("None")}})}));
  EXPECT_EQ(out.at("discriminator").at("propertyName"), "kind");
  EXPECT_EQ(out.at("oneOf").at(0).at("properties").at("kind").at("const"), "None");
}

TEST(ZodEmitter, EmitsDependenciesFirstWithTypes) {
  ZodEmitter emitter;
  emitter.add(object({{"owner", owner().nullable()}, {"tags", array(string().max(20)).max(5)}})
                  .name("CompanyView"));
  std::string ts = emitter.source();
  auto owner_at = ts.find("export const OwnerSummary");
  auto company_at = ts.find("export const CompanyView");
  ASSERT_NE(owner_at, std::string::npos);
  ASSERT_NE(company_at, std::string::npos);
  EXPECT_LT(owner_at, company_at);
  EXPECT_NE(ts.find("\"owner\": OwnerSummary.nullable()"), std::string::npos);
  EXPECT_NE(ts.find("z.array(z.string().max(20).regex(NO_NUL, \"Must not contain NUL characters\")).max(5)"),
            std::string::npos)
      << ts;
  EXPECT_NE(ts.find("const NO_NUL = /^[^\\u0000]*$/;"), std::string::npos);
  EXPECT_NE(ts.find("export type CompanyView = z.infer<typeof CompanyView>;"), std::string::npos);
  EXPECT_NE(ts.find(".strict()"), std::string::npos);
}

}  // namespace
}  // namespace crest::schema
