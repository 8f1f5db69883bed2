#pragma once
// The routes that hand work to `crest worker` (an export, an import) answer 202 with the job they
// enqueued, which the client then follows on GET /jobs/:id or its event stream:
//
//   co_return co_await jobs::accept(database_, ctx, export_job_, payload);
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <functional>

#include "common/tenant_db.hpp"
#include "core/pipeline/context.hpp"
#include "core/queue/job.hpp"
#include "core/schema/schema.hpp"

namespace crest::modules::jobs {

// Enqueues `job` for the caller's workspace, the caller as its actor, in a tenant transaction
// (`before` runs first in it, for rows the job will need), and answers 202 {job: JobView}.
boost::asio::awaitable<Reply> accept(db::Database& database, RequestContext& ctx, const queue::JobDefinition& job,
                                     boost::json::value payload,
                                     std::function<boost::asio::awaitable<void>(common::TenantSession&)> before = {});

// The 202 body's schema: {job: JobView}.
schema::Schema accepted_job_view();

}  // namespace crest::modules::jobs
