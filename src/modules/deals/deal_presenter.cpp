#include "modules/deals/deal_presenter.hpp"

#include "common/presenters/money.hpp"
#include "common/presenters/relative_time.hpp"
#include "core/util/time.hpp"
#include "modules/auth/auth_presenter.hpp"

namespace crest::modules::deals {
View present_deal(const db::Row& row, std::chrono::system_clock::time_point now) {
  View company = View::null(), contact = View::null();
  if (!row.is_null("company_name")) company = View{{"id", row.text("company_id")}, {"name", row.text("company_name")}};
  if (!row.is_null("contact_id") && !row.is_null("contact_first_name"))
    contact = View{{"id", row.text("contact_id")},
                   {"fullName", row.text("contact_first_name") + " " + row.text("contact_last_name")}};
  std::string stage_changed_at = row.time("stage_changed_at");
  auto changed = parse_iso8601(stage_changed_at);
  std::int64_t days = changed ? std::max<std::int64_t>(0, std::chrono::floor<std::chrono::days>(now - *changed).count()) : 0;
  std::int64_t amount = row.integer("amount_cents");
  std::string currency = row.text("currency");
  return View{
      {"id", row.text("id")},
      {"title", row.text("title")},
      {"stage", row.text("stage")},
      {"company", company},
      {"contact", contact},
      {"owner", auth::present_owner(row)},
      {"amount", View{{"amountCents", amount}, {"currency", currency}, {"label", common::money_label(amount, currency)}}},
      {"expectedCloseDate", row.optional_text("expected_close_date")},
      {"stageChangedAt", stage_changed_at},
      {"daysInStage", days},
      {"closedAt", row.optional_time("closed_at")},
      {"createdAt", row.time("created_at")},
      {"updatedAt", row.time("updated_at")},
  };
}

}  // namespace crest::modules::deals
