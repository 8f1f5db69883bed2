#include "modules/contacts/contact_presenter.hpp"

#include <boost/json.hpp>

#include "modules/auth/auth_presenter.hpp"

namespace crest::modules::contacts {
namespace json = boost::json;

namespace {
json::value nullable_text(const db::Row& row, std::string_view column) {
  return row.is_null(column) ? json::value(nullptr) : json::value(row.text(column));
}
}  // namespace

json::object present_contact(const db::Row& row, const std::optional<activities::LastActivity>& last_activity,
                             std::chrono::system_clock::time_point now) {
  json::value company = nullptr;
  if (!row.is_null("company_id") && !row.is_null("company_name"))
    company = json::object{{"id", row.text("company_id")}, {"name", row.text("company_name")}};
  return {
      {"id", row.text("id")},
      {"firstName", row.text("first_name")},
      {"lastName", row.text("last_name")},
      {"fullName", row.text("first_name") + " " + row.text("last_name")},
      {"email", nullable_text(row, "email")},
      {"phone", nullable_text(row, "phone")},
      {"title", nullable_text(row, "title")},
      {"company", std::move(company)},
      {"owner", auth::present_owner(row)},
      {"lastActivity", activities::present_last_activity(last_activity, now)},
      {"createdAt", row.time("created_at")},
      {"updatedAt", row.time("updated_at")},
  };
}

}  // namespace crest::modules::contacts
