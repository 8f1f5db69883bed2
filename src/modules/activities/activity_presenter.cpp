#include "modules/activities/activity_presenter.hpp"

#include "common/presenters/relative_time.hpp"
#include "core/util/time.hpp"

namespace crest::modules::activities {
namespace {
// {id, <label>: ...} when the row it points to is live, null otherwise.
View summary(const db::Row& row, std::string_view id_column, std::string_view label_column,
             std::string_view label_field) {
  if (row.is_null(id_column) || row.is_null(label_column)) return View::null();
  return View{{"id", row.text(id_column)}, {label_field, row.text(label_column)}};
}
}  // namespace

View present_activity(const db::Row& row, std::chrono::system_clock::time_point now) {
  std::string at = row.time("at");
  auto when = parse_iso8601(at);
  View contact = View::null();
  if (!row.is_null("contact_id") && !row.is_null("contact_first_name"))
    contact = View{{"id", row.text("contact_id")},
                   {"fullName", row.text("contact_first_name") + " " + row.text("contact_last_name")}};
  return View{
      {"id", row.text("id")},
      {"kind", row.text("kind")},
      {"subject", row.text("subject")},
      {"body", row.optional_text("body")},
      {"at", at},
      {"label", when ? common::relative_time_label(*when, now) : std::string()},
      {"company", summary(row, "company_id", "company_name", "name")},
      {"contact", contact},
      {"deal", summary(row, "deal_id", "deal_title", "title")},
      {"createdAt", row.time("created_at")},
      {"updatedAt", row.time("updated_at")},
  };
}

}  // namespace crest::modules::activities
