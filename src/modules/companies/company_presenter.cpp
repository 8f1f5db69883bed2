#include "modules/companies/company_presenter.hpp"

#include "common/presenters/money.hpp"
#include "modules/auth/auth_presenter.hpp"

namespace crest::modules::companies {


View present_company(const db::Row& row, const CompanyAggregates& aggregates, std::chrono::system_clock::time_point now) {
  return View{
      {"id", row.text("id")},
      {"name", row.text("name")},
      {"domain", row.optional_text("domain")},
      {"industry", row.text("industry")},
      {"employeeRange", row.text("employee_range")},
      {"status", row.text("status")},
      {"owner", auth::present_owner(row)},
      {"contactsCount", aggregates.contacts},
      {"openDealsCount", aggregates.open_deals},
      {"pipelineValue", View{{"amountCents", aggregates.pipeline_cents},
                             {"currency", aggregates.pipeline_currency},
                             {"label", common::money_label(aggregates.pipeline_cents, aggregates.pipeline_currency)}}},
      {"lastActivity", activities::present_last_activity(aggregates.last_activity, now)},
      {"createdAt", row.time("created_at")},
      {"updatedAt", row.time("updated_at")},
  };
}

}  // namespace crest::modules::companies
