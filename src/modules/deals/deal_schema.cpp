#include "modules/deals/deal_schema.hpp"

#include "modules/auth/auth_schema.hpp"
#include "modules/companies/company_schema.hpp"
#include "modules/contacts/contact_schema.hpp"

namespace crest::modules::deals::contracts {
using namespace crest::schema;

const std::vector<std::string>& stages() {
  static const std::vector<std::string> values{"New", "Qualified", "Proposal Sent", "Negotiation", "Won", "Lost"};
  return values;
}

bool is_closed(std::string_view stage) { return stage == "Won" || stage == "Lost"; }

namespace {
Schema stage() { return enumeration(stages()).name("DealStage"); }
Schema currency() {
  return string().trim().regex("^[A-Z]{3}$", "An ISO 4217 code such as USD").example("USD");
}
Schema close_date() {
  return string().regex(R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)", "A date such as 2026-12-31")
      .example("2026-12-31");
}
Schema money() {
  return object({{"amountCents", integer().min(0)}, {"currency", string().max(3)},
                 {"label", string().max(64).describe("\"$12,300\"")}})
      .name("Money");
}
}  // namespace

const Schema& create_deal() {
  static const Schema s = object({
      {"title", string().trim().min(1).max(200)},
      {"companyId", string().uuid()},
      {"contactId", string().uuid().nullable().optional()},
      {"stage", stage().optional().describe("New when left out")},
      {"amountCents", integer().min(0).max(1e15)},
      {"currency", currency().optional().describe("USD when left out")},
      {"expectedCloseDate", close_date().nullable().optional()},
      {"ownerId", string().uuid().nullable().optional().describe("A member of the workspace; the caller by default")},
  }).name("CreateDeal");
  return s;
}

const Schema& update_deal() {
  static const Schema s = object({
      {"title", string().trim().min(1).max(200).optional()},
      {"contactId", string().uuid().nullable().optional()},
      {"amountCents", integer().min(0).max(1e15).optional()},
      {"currency", currency().optional()},
      {"expectedCloseDate", close_date().nullable().optional()},
      {"ownerId", string().uuid().nullable().optional()},
  }).name("UpdateDeal").describe("The stage moves with POST /deals/{id}/stage");
  return s;
}

const Schema& move_stage() {
  static const Schema s =
      object({{"stage", stage()}, {"reason", string().trim().max(500).optional()}}).name("MoveDealStage");
  return s;
}

const Schema& deal_params() {
  static const Schema s = object({{"id", string().uuid()}});
  return s;
}

std::vector<Field> list_filters() {
  return {
      {"search", string().trim().max(200).optional().describe("Case-insensitive, in the title")},
      {"stage", stage().optional()},
      {"companyId", string().uuid().optional()},
      {"ownerId", string().uuid().optional()},
  };
}

const Schema& deal_ref() {
  static const Schema s = object({{"id", string().uuid()}, {"title", string().max(200)}}).name("DealRef");
  return s;
}

const Schema& deal_view() {
  static const Schema s = object({
      {"id", string().uuid()},
      {"title", string().max(200)},
      {"stage", stage()},
      {"company", companies::contracts::company_ref().nullable()},
      {"contact", contacts::contracts::contact_ref().nullable()},
      {"owner", auth::contracts::user_summary().nullable()},
      {"amount", money()},
      {"expectedCloseDate", string().max(10).nullable()},
      {"stageChangedAt", datetime()},
      {"daysInStage", integer().min(0)},
      {"closedAt", datetime().nullable()},
      {"createdAt", datetime()},
      {"updatedAt", datetime()},
  }).name("DealView");
  return s;
}

const Schema& pipeline_query() {
  static const Schema s = object({{"currency", currency().default_value("USD")}});
  return s;
}

const Schema& pipeline_view() {
  static const Schema s = [] {
    Schema stage_row = object({{"stage", stage()}, {"dealsCount", integer().min(0)}, {"amountCents", integer().min(0)},
                               {"label", string().max(64)}})
                           .name("PipelineStage");
    return object({
        {"currency", string().max(3)},
        {"stages", array(stage_row)},
        {"totals", object({{"dealsCount", integer().min(0)}, {"amountCents", integer().min(0)},
                           {"label", string().max(64)}})},
    }).name("PipelineView");
  }();
  return s;
}

}  // namespace crest::modules::deals::contracts
