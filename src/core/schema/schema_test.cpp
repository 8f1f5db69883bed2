#include "core/schema/schema.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace crest::schema {
namespace {
namespace json = boost::json;
using namespace std::string_literals;

std::vector<std::string> codes_at(const Validated& v, const std::string& path) {
  std::vector<std::string> out;
  for (const auto& e : v.errors)
    if (e.path == path) out.push_back(e.code);
  return out;
}

const Schema& order() {
  static const Schema item = object({{"sku", string().trim().min(1).max(20)},
                                     {"quantity", integer().min(1).max(100)}});
  static const Schema s = object({{"email", string().email()},
                                  {"items", array(item).min(1).max(3)},
                                  {"note", string().max(10).optional()},
                                  {"status", enumeration({"New", "Proposal Sent"}).default_value("New")}});
  return s;
}

TEST(Schema, ValidOrder_TrimsAndFillsDefaults) {
  auto v = order().validate(json::parse(R"({"email":"a@b.io","items":[{"sku":"  x1 ","quantity":2}]})"));
  ASSERT_TRUE(v.ok()) << v.errors.front().message;
  EXPECT_EQ(v.value.at("items").at(0).at("sku"), "x1");
  EXPECT_EQ(v.value.at("status"), "New");
  EXPECT_FALSE(v.value.as_object().contains("note"));
}

TEST(Schema, ReportsEveryFieldErrorWithItsPath) {
  auto v = order().validate(json::parse(
      R"({"email":"nope","items":[{"sku":"a","quantity":1},{"sku":"b","quantity":1},{"sku":"","quantity":0.5}],"status":"Won"})"));
  EXPECT_EQ(codes_at(v, "email"), std::vector<std::string>{"invalid_string"});
  EXPECT_EQ(codes_at(v, "items[2].sku"), std::vector<std::string>{"too_small"});
  EXPECT_EQ(codes_at(v, "items[2].quantity"), (std::vector<std::string>{"invalid_type", "too_small"}));
  EXPECT_EQ(codes_at(v, "status"), std::vector<std::string>{"invalid_enum_value"});
}

TEST(Schema, UnknownKeysAreErrorsNamingThem) {
  auto v = order().validate(json::parse(R"({"email":"a@b.io","items":[{"sku":"x","quantity":1}],"admin":true,"zz":1})"));
  ASSERT_EQ(codes_at(v, ""), std::vector<std::string>{"unrecognized_keys"});
  EXPECT_NE(v.errors.front().message.find("'admin', 'zz'"), std::string::npos);
}

TEST(Schema, MissingRequiredFieldSaysRequired) {
  auto v = order().validate(json::parse(R"({"items":[{"sku":"x","quantity":1}]})"));
  ASSERT_EQ(codes_at(v, "email"), std::vector<std::string>{"invalid_type"});
  EXPECT_EQ(v.errors.front().message, "Required");
}

TEST(Schema, EveryStringHasAMaximumLength) {
  auto v = string().validate(json::value(std::string(5000, 'x')));
  EXPECT_EQ(codes_at(v, ""), std::vector<std::string>{"too_big"});
}

TEST(Schema, LengthCountsLikeJavaScript) {
  EXPECT_TRUE(string().max(2).validate(json::value("\xC3\xA9\xC3\xA9")).ok());   // "éé"
  EXPECT_FALSE(string().max(1).validate(json::value("\xF0\x9F\x98\x80")).ok());  // one emoji = 2 units
}

TEST(Schema, Formats) {
  EXPECT_TRUE(string().uuid().validate(json::value("0192f1a2-7b3c-7d4e-8f00-112233445566")).ok());
  EXPECT_FALSE(string().uuid().validate(json::value("0192f1a2-7b3c-7d4e-8f00-11223344556")).ok());
  EXPECT_TRUE(string().url().validate(json::value("https://example.com/a?b=1")).ok());
  EXPECT_FALSE(string().url().validate(json::value("not a url")).ok());
  EXPECT_TRUE(datetime().validate(json::value("2026-02-28T10:00:00.123Z")).ok());
  EXPECT_TRUE(datetime().validate(json::value("2024-02-29T10:00:00+02:00")).ok());
  EXPECT_FALSE(datetime().validate(json::value("2026-02-29T10:00:00Z")).ok());
  EXPECT_FALSE(datetime().validate(json::value("2026-01-01 10:00:00")).ok());
  EXPECT_FALSE(string().regex("^[A-Z]{3}$", "Must be a currency code").validate(json::value("usd")).ok());
}

TEST(Schema, NullableAndOptional) {
  auto s = object({{"a", string().nullable()}, {"b", integer().optional()}});
  EXPECT_TRUE(s.validate(json::parse(R"({"a":null})")).ok());
  auto v = s.validate(json::parse(R"({"a":"x","b":null})"));
  EXPECT_EQ(codes_at(v, "b"), std::vector<std::string>{"invalid_type"});
}

TEST(Schema, DiscriminatedUnionPicksTheOptionByKind) {
  auto s = discriminated_union({object({{"kind", literal("None")}}),
                                object({{"kind", literal("Email Sent")}, {"at", datetime()}})});
  EXPECT_TRUE(s.validate(json::parse(R"({"kind":"None"})")).ok());
  EXPECT_TRUE(s.validate(json::parse(R"({"kind":"Email Sent","at":"2026-01-01T00:00:00Z"})")).ok());
  auto missing_at = s.validate(json::parse(R"({"kind":"Email Sent"})"));
  EXPECT_EQ(codes_at(missing_at, "at"), std::vector<std::string>{"invalid_type"});
  auto bad_kind = s.validate(json::parse(R"({"kind":"Call"})"));
  EXPECT_EQ(codes_at(bad_kind, "kind"), std::vector<std::string>{"invalid_union_discriminator"});
}

TEST(Schema, UnionAcceptsAnyOption) {
  auto s = union_of({string().email(), integer()});
  EXPECT_TRUE(s.validate(json::value(5)).ok());
  EXPECT_TRUE(s.validate(json::value("a@b.io")).ok());
  EXPECT_EQ(codes_at(s.validate(json::value(true)), ""), std::vector<std::string>{"invalid_union"});
}

TEST(Schema, RefineAddsACustomError) {
  auto range = object({{"from", integer()}, {"to", integer()}})
                   .refine([](const json::value& v) { return v.at("from").as_int64() <= v.at("to").as_int64(); },
                           "from must not be after to", "v.from <= v.to");
  EXPECT_TRUE(range.validate(json::parse(R"({"from":1,"to":2})")).ok());
  auto v = range.validate(json::parse(R"({"from":3,"to":2})"));
  ASSERT_EQ(codes_at(v, ""), std::vector<std::string>{"custom"});
  EXPECT_EQ(v.errors.front().message, "from must not be after to");
}

TEST(Schema, CoerceModeReadsQueryStrings) {
  auto q = object({{"page", integer().min(1).default_value(1)},
                   {"active", boolean().optional()},
                   {"status", enumeration({"Active", "Churned"}).optional()}});
  auto v = q.validate(json::parse(R"({"page":"3","active":"true","status":"Churned"})"), Mode::Coerce);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value.at("page"), 3);
  EXPECT_EQ(v.value.at("active"), true);
  EXPECT_EQ(v.value.at("status"), "Churned");
  auto bad = q.validate(json::parse(R"({"page":"abc"})"), Mode::Coerce);
  EXPECT_EQ(codes_at(bad, "page"), std::vector<std::string>{"invalid_type"});
}

TEST(Schema, CoerceModeKeepsEnumValuesExact) {
  auto q = object({{"status", enumeration({"Active", "Churned"})}});
  auto v = q.validate(json::parse(R"({"status":"churned"})"), Mode::Coerce);
  EXPECT_EQ(codes_at(v, "status"), std::vector<std::string>{"invalid_enum_value"});
}

TEST(Schema, StringsRefuseNul) {
  auto v = string().validate(json::value("Acme\0"s));
  EXPECT_EQ(codes_at(v, ""), std::vector<std::string>{"invalid_string"});
  EXPECT_TRUE(string().validate(json::value("Acme")).ok());
}

TEST(Schema, AStringOverItsMaximumIsNotPatternChecked) {
  // A megabyte that would fail the pattern: one too_big, no pattern run (and no stack overflow).
  std::string long_domain(1 << 20, 'a');
  auto v = string().max(253).regex(R"(^[a-z]+(\.[a-z]+)+$)", "A domain").validate(json::value(long_domain));
  EXPECT_EQ(codes_at(v, ""), std::vector<std::string>{"too_big"});
  auto short_bad = string().max(253).regex(R"(^[a-z]+(\.[a-z]+)+$)", "A domain").validate(json::value("nodots"));
  EXPECT_EQ(codes_at(short_bad, ""), std::vector<std::string>{"invalid_string"});
}

TEST(Schema, PatternsRunInLinearTimeOnLongInput) {
  // (a|a)*b is exponential for a backtracking engine on "aaaa…"; RE2 answers at once.
  auto v = string().max(1e7).regex("^(a|a)*b$", "x").validate(json::value(std::string(100000, 'a')));
  EXPECT_EQ(codes_at(v, ""), std::vector<std::string>{"invalid_string"});
}

TEST(Schema, DateTimesAreHandedOnInUtc) {
  auto v = datetime().validate(json::value("2026-01-01T10:00:00+05:00"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value, json::value("2026-01-01T05:00:00.000Z"));
}

TEST(Schema, EmailVerdictsAreZods) {
  for (const char* good : {"a@b.io", "a.b+c@x.example.com", "o'neil@x.io", "a_b-c@sub-1.x.io", "A@B.IO", "x@a-.io"})
    EXPECT_TRUE(string().email().validate(json::value(good)).ok()) << good;
  for (const char* bad : {"", "a", "@b.io", "a@", "a@b", "a@b.i", "a@b.i0", ".a@b.io", "a.@b.io", "a'@b.io",
                          "a..b@x.io", "a@b..io", "a@.b.io", "a@-b.io", "a@b_c.io", "a b@c.io", "a@b@c.io",
                          "caf\xC3\xA9@x.io", "a@b.io\n"})
    EXPECT_FALSE(string().email().validate(json::value(bad)).ok()) << bad;
}

TEST(Schema, JsonModeDoesNotCoerce) {
  auto v = object({{"n", integer()}}).validate(json::parse(R"({"n":"3"})"));
  EXPECT_EQ(codes_at(v, "n"), std::vector<std::string>{"invalid_type"});
}

TEST(Schema, DiscriminatedUnionRequiresLiteralKinds) {
  EXPECT_THROW(discriminated_union({object({{"kind", string()}})}), std::logic_error);
}

TEST(Schema, WholeNumbersWrittenAsFloatsComeOutAsIntegers) {
  auto quantity = object({{"quantity", integer().min(0)}});
  auto result = quantity.validate(boost::json::parse(R"({"quantity": 3.0})"));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.value.at("quantity").is_int64());
  EXPECT_EQ(result.value.at("quantity").as_int64(), 3);
  EXPECT_FALSE(quantity.validate(boost::json::parse(R"({"quantity": 3.5})")).ok());
}

}  // namespace
}  // namespace crest::schema
