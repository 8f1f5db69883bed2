#include "modules/activities/last_activity.hpp"

#include <boost/json.hpp>

#include "common/id_list.hpp"
#include "common/presenters/relative_time.hpp"
#include "core/util/time.hpp"
#include "core/db/sql_files.hpp"

namespace crest::modules::activities {
namespace asio = boost::asio;

asio::awaitable<std::map<std::string, LastActivity>> last_activities(common::TenantSession& session,
                                                                    ActivityParent parent,
                                                                    std::vector<std::string> ids) {
  std::map<std::string, LastActivity> out;
  if (ids.empty()) co_return out;
  std::string_view sql = db::sql_file(parent == ActivityParent::Company
                                          ? "src/modules/activities/queries/last_by_company.sql"
                                          : "src/modules/activities/queries/last_by_contact.sql");
  auto statement = common::with_id_list(sql, ids, 2);  // $1 is the workspace
  auto rows = co_await session.query(statement.first, std::move(statement.second));
  for (std::size_t i = 0; i < rows.size(); ++i)
    out[rows[i].text("parent_id")] = LastActivity{rows[i].text("kind"), rows[i].time("at")};
  co_return out;
}

View present_last_activity(const std::optional<LastActivity>& activity, std::chrono::system_clock::time_point now) {
  if (!activity) return View{{"kind", "None"}};
  auto when = parse_iso8601(activity->at);
  return View{{"kind", activity->kind},
              {"at", activity->at},
              {"label", when ? common::relative_time_label(*when, now) : std::string()}};
}

}  // namespace crest::modules::activities
