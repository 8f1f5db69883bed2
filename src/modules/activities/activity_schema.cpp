#include "modules/activities/activity_schema.hpp"

#include "modules/companies/company_schema.hpp"
#include "modules/contacts/contact_schema.hpp"
#include "modules/deals/deal_schema.hpp"

namespace crest::modules::activities::contracts {
using namespace crest::schema;

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> values{"Email Sent", "Email Received", "Call", "Meeting",
                                               "Note", "Deal Won", "Deal Lost"};
  return values;
}

namespace {
Schema kind() { return enumeration(kinds()).name("ActivityKind"); }
}  // namespace

const Schema& create_activity() {
  static const Schema s = object({
      {"kind", kind()},
      {"subject", string().trim().min(1).max(200)},
      {"body", string().max(10'000).nullable().optional()},
      {"at", datetime().optional().describe("When it happened; now by default")},
      {"companyId", string().uuid().optional()},
      {"contactId", string().uuid().optional()},
      {"dealId", string().uuid().optional()},
  }).name("CreateActivity");
  return s;
}

const Schema& activity_params() {
  static const Schema s = object({{"id", string().uuid()}});
  return s;
}

std::vector<Field> list_filters() {
  return {
      {"companyId", string().uuid().optional()},
      {"contactId", string().uuid().optional()},
      {"dealId", string().uuid().optional()},
      {"kind", kind().optional()},
  };
}

const Schema& activity_view() {
  static const Schema s = object({
      {"id", string().uuid()},
      {"kind", kind()},
      {"subject", string().max(200)},
      {"body", string().max(10'000).nullable()},
      {"at", datetime()},
      {"label", string().max(64).describe("\"3 days ago\"")},
      {"company", companies::contracts::company_ref().nullable()},
      {"contact", contacts::contracts::contact_ref().nullable()},
      {"deal", deals::contracts::deal_ref().nullable()},
      {"createdAt", datetime()},
      {"updatedAt", datetime()},
  }).name("ActivityView");
  return s;
}

const Schema& last_activity() {
  static const Schema s = [] {
    std::vector<Schema> options{object({{"kind", literal("None")}}).name("NoActivity")};
    for (const auto& kind : kinds())
      options.push_back(object({{"kind", literal(kind)},
                                {"at", datetime()},
                                {"label", string().max(64).describe("\"3 days ago\"")}}));
    return discriminated_union(std::move(options)).name("LastActivity");
  }();
  return s;
}

}  // namespace crest::modules::activities::contracts
