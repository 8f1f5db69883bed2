#include "modules/companies/company_schema.hpp"

#include "modules/activities/activity_schema.hpp"
#include "modules/auth/auth_schema.hpp"

namespace crest::modules::companies::contracts {
using namespace crest::schema;

const std::vector<std::string>& industries() {
  static const std::vector<std::string> values{"Technology", "Healthcare", "Finance", "Logistics",
                                               "Retail", "Manufacturing", "Other"};
  return values;
}

const std::vector<std::string>& employee_ranges() {
  static const std::vector<std::string> values{"1-10", "11-50", "51-200", "201-1000", "1000+"};
  return values;
}

const std::vector<std::string>& statuses() {
  static const std::vector<std::string> values{"Active", "Inactive", "Prospect", "Churned"};
  return values;
}

namespace {
Schema name() { return string().trim().min(1).max(200); }
Schema domain() {
  return string().trim().max(253).regex(R"(^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$)",
                                        "Must be a domain name such as acme.com")
      .example("acme.com");
}
Schema industry() { return enumeration(industries()).name("Industry"); }
Schema employee_range() { return enumeration(employee_ranges()).name("EmployeeRange"); }
Schema status() { return enumeration(statuses()).name("CompanyStatus"); }
}  // namespace

const Schema& create_company() {
  static const Schema s = object({
      {"name", name()},
      {"domain", domain().nullable().optional()},
      {"industry", industry()},
      {"employeeRange", employee_range()},
      {"status", status().optional().describe("Prospect when left out")},
      {"ownerId", string().uuid().nullable().optional().describe("A member of the workspace; the caller by default")},
  }).name("CreateCompany");
  return s;
}

const Schema& update_company() {
  static const Schema s = object({
      {"name", name().optional()},
      {"domain", domain().nullable().optional()},
      {"industry", industry().optional()},
      {"employeeRange", employee_range().optional()},
      {"status", status().optional()},
      {"ownerId", string().uuid().nullable().optional()},
  }).name("UpdateCompany");
  return s;
}

const Schema& company_params() {
  static const Schema s = object({{"id", string().uuid()}});
  return s;
}

std::vector<Field> list_filters() {
  return {
      {"search", string().trim().max(200).optional().describe("Case-insensitive, in name and domain")},
      {"status", status().optional()},
      {"industry", industry().optional()},
      {"ownerId", string().uuid().optional()},
  };
}

const Schema& company_ref() {
  static const Schema s = object({{"id", string().uuid()}, {"name", string().max(200)}}).name("CompanyRef");
  return s;
}

const Schema& company_view() {
  static const Schema s = [] {
    return object({
        {"id", string().uuid()},
        {"name", string().max(200)},
        {"domain", string().max(253).nullable()},
        {"industry", industry()},
        {"employeeRange", employee_range()},
        {"status", status()},
        {"owner", auth::contracts::user_summary().nullable()},
        {"contactsCount", integer().min(0)},
        {"openDealsCount", integer().min(0)},
        {"pipelineValue", object({{"amountCents", integer().min(0)},
                                  {"currency", string().max(3)},
                                  {"label", string().max(64).describe("\"$12,300\"")}})
                              .name("Money")},
        {"lastActivity", activities::contracts::last_activity()},
        {"createdAt", datetime()},
        {"updatedAt", datetime()},
    }).name("CompanyView");
  }();
  return s;
}

}  // namespace crest::modules::companies::contracts
