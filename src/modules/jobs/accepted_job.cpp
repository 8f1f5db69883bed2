#include "modules/jobs/accepted_job.hpp"

#include <boost/json.hpp>

#include "core/queue/queue_store.hpp"
#include "modules/jobs/job_presenter.hpp"
#include "modules/jobs/job_schema.hpp"

namespace crest::modules::jobs {
namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<Reply> accept(db::Database& database, RequestContext& ctx, const queue::JobDefinition& job,
                              json::value payload, std::function<asio::awaitable<void>(common::TenantSession&)> before) {
  auto tenant = common::tenant_of(database, ctx);
  json::object view;
  co_await tenant.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
    if (before) co_await before(s);
    queue::EnqueueOptions options;
    options.workspace_id = s.tenant().workspace_id;
    options.actor_id = s.tenant().actor_id;
    auto enqueued = co_await queue::enqueue(s.unscoped(), job, payload, std::move(options));
    view = co_await job_view(s, enqueued.id);
  });
  Reply reply = Reply::ok(json::object{{"job", std::move(view)}});
  reply.status = 202;
  co_return reply;
}

schema::Schema accepted_job_view() {
  static const schema::Schema s = schema::object({{"job", contracts::job_view()}}).name("AcceptedJob");
  return s;
}

}  // namespace crest::modules::jobs
