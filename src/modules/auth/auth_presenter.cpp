#include "modules/auth/auth_presenter.hpp"

#include <boost/json.hpp>

namespace crest::modules::auth {

boost::json::object present_user(const db::Row& row) {
  return {{"id", row.text("id")}, {"email", row.text("email")}, {"name", row.text("name")},
          {"createdAt", row.time("created_at")}};
}

boost::json::object present_workspace(const db::Row& row) {
  return {{"id", row.text("id")},
          {"name", row.text("name")},
          {"plan", row.text("plan")},
          {"createdAt", row.time("created_at")},
          {"updatedAt", row.time("updated_at")}};
}

}  // namespace crest::modules::auth
