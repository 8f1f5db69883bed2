#pragma once
// The view of a job (contracts::job_view), for /jobs and for the routes that answer 202 with the
// job they enqueued (an export, an import).
#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <string>

#include "common/tenant_db.hpp"
#include "core/db/result.hpp"

namespace crest::modules::jobs {

// From a row of queries/list.sql.
boost::json::object present_job(const db::Row& row);

// The view of the workspace's job `id`, read in session (after an enqueue in the same
// transaction: the caller's own new job). NotFound when there is none.
boost::asio::awaitable<boost::json::object> job_view(common::TenantSession& session, std::string id);

}  // namespace crest::modules::jobs
