#include "modules/auth/auth_presenter.hpp"

#include <boost/json.hpp>

namespace crest::modules::auth {

boost::json::object present_user(const db::Row& row) {
  return {{"id", row.text("id")},
          {"email", row.text("email")},
          {"name", row.text("name")},
          {"emailVerifiedAt", row.is_null("email_verified_at") ? boost::json::value(nullptr)
                                                                : boost::json::value(row.time("email_verified_at"))},
          {"createdAt", row.time("created_at")}};
}

View present_owner(const db::Row& row) {
  if (row.is_null("owner_id") || row.is_null("owner_name")) return View::null();
  return View{{"id", row.text("owner_id")}, {"name", row.text("owner_name")}, {"email", row.text("owner_email")}};
}

boost::json::object present_workspace(const db::Row& row) {
  return {{"id", row.text("id")},
          {"name", row.text("name")},
          {"plan", row.text("plan")},
          {"createdAt", row.time("created_at")},
          {"updatedAt", row.time("updated_at")}};
}

}  // namespace crest::modules::auth
