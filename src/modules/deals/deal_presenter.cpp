#include "modules/deals/deal_presenter.hpp"

#include <boost/json.hpp>

#include "common/presenters/money.hpp"
#include "common/presenters/relative_time.hpp"
#include "modules/auth/auth_presenter.hpp"

namespace crest::modules::deals {
namespace json = boost::json;

json::object present_deal(const db::Row& row, std::chrono::system_clock::time_point now) {
  json::value company = nullptr, contact = nullptr;
  if (!row.is_null("company_name")) company = json::object{{"id", row.text("company_id")}, {"name", row.text("company_name")}};
  if (!row.is_null("contact_id") && !row.is_null("contact_first_name"))
    contact = json::object{{"id", row.text("contact_id")},
                           {"fullName", row.text("contact_first_name") + " " + row.text("contact_last_name")}};
  std::string stage_changed_at = row.time("stage_changed_at");
  auto changed = common::parse_iso8601(stage_changed_at);
  std::int64_t days = changed ? std::max<std::int64_t>(0, std::chrono::floor<std::chrono::days>(now - *changed).count()) : 0;
  std::int64_t amount = row.integer("amount_cents");
  std::string currency = row.text("currency");
  return {
      {"id", row.text("id")},
      {"title", row.text("title")},
      {"stage", row.text("stage")},
      {"company", std::move(company)},
      {"contact", std::move(contact)},
      {"owner", auth::present_owner(row)},
      {"amount", {{"amountCents", amount}, {"currency", currency}, {"label", common::money_label(amount, currency)}}},
      {"expectedCloseDate",
       row.is_null("expected_close_date") ? json::value(nullptr) : json::value(row.text("expected_close_date"))},
      {"stageChangedAt", stage_changed_at},
      {"daysInStage", days},
      {"closedAt", row.is_null("closed_at") ? json::value(nullptr) : json::value(row.time("closed_at"))},
      {"createdAt", row.time("created_at")},
      {"updatedAt", row.time("updated_at")},
  };
}

}  // namespace crest::modules::deals
