#include "modules/contacts/contact_presenter.hpp"

#include "modules/auth/auth_presenter.hpp"

namespace crest::modules::contacts {
View present_contact(const db::Row& row, const std::optional<activities::LastActivity>& last_activity,
                     std::chrono::system_clock::time_point now) {
  View company = View::null();
  if (!row.is_null("company_id") && !row.is_null("company_name"))
    company = View{{"id", row.text("company_id")}, {"name", row.text("company_name")}};
  return View{
      {"id", row.text("id")},
      {"firstName", row.text("first_name")},
      {"lastName", row.text("last_name")},
      {"fullName", row.text("first_name") + " " + row.text("last_name")},
      {"email", row.optional_text("email")},
      {"phone", row.optional_text("phone")},
      {"title", row.optional_text("title")},
      {"company", company},
      {"owner", auth::present_owner(row)},
      {"lastActivity", activities::present_last_activity(last_activity, now)},
      {"createdAt", row.time("created_at")},
      {"updatedAt", row.time("updated_at")},
  };
}

}  // namespace crest::modules::contacts
