#pragma once
// The `lastActivity` every CRM view shows: the newest activity of each company or contact of a
// page, read in one statement, and presented as {kind: "None"} | {kind, at, label: "3 days ago"}.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/tenant_db.hpp"
#include "core/pipeline/view.hpp"

namespace crest::modules::activities {

struct LastActivity {
  std::string kind;
  std::string at;  // ISO 8601
};

enum class ActivityParent { Company, Contact };

// Parent id -> its newest live activity; parents without any are absent.
boost::asio::awaitable<std::map<std::string, LastActivity>> last_activities(common::TenantSession& session,
                                                                           ActivityParent parent,
                                                                           std::vector<std::string> ids);
// The same as a statement (for TenantSession::query_together; ids not empty) and its reading.
db::Statement last_activities_statement(ActivityParent parent, const std::vector<std::string>& ids);
std::map<std::string, LastActivity> read_last_activities(const db::Result& rows);

View present_last_activity(const std::optional<LastActivity>& activity, std::chrono::system_clock::time_point now);

}  // namespace crest::modules::activities
