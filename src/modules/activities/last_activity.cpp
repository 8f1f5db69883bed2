#include "modules/activities/last_activity.hpp"

#include <boost/json.hpp>

#include "common/id_list.hpp"
#include "common/presenters/relative_time.hpp"
#include "core/util/time.hpp"
#include "core/db/sql_files.hpp"

namespace crest::modules::activities {
namespace asio = boost::asio;

db::Statement last_activities_statement(ActivityParent parent, const std::vector<std::string>& ids) {
  std::string_view sql = db::sql_file(parent == ActivityParent::Company
                                          ? "src/modules/activities/queries/last_by_company.sql"
                                          : "src/modules/activities/queries/last_by_contact.sql");
  auto statement = common::with_id_list(sql, ids, 2);  // $1 is the workspace
  return {std::move(statement.first), std::move(statement.second)};
}

std::map<std::string, LastActivity> read_last_activities(const db::Result& rows) {
  std::map<std::string, LastActivity> out;
  for (std::size_t i = 0; i < rows.size(); ++i)
    out[rows[i].text("parent_id")] = LastActivity{rows[i].text("kind"), rows[i].time("at")};
  return out;
}

asio::awaitable<std::map<std::string, LastActivity>> last_activities(common::TenantSession& session,
                                                                    ActivityParent parent,
                                                                    std::vector<std::string> ids) {
  if (ids.empty()) co_return std::map<std::string, LastActivity>{};
  auto statement = last_activities_statement(parent, ids);
  auto rows = co_await session.query(statement.sql, std::move(statement.params));
  co_return read_last_activities(rows);
}

View present_last_activity(const std::optional<LastActivity>& activity, std::chrono::system_clock::time_point now) {
  if (!activity) return View{{"kind", "None"}};
  auto when = parse_iso8601(activity->at);
  return View{{"kind", activity->kind},
              {"at", activity->at},
              {"label", when ? common::relative_time_label(*when, now) : std::string()}};
}

}  // namespace crest::modules::activities
