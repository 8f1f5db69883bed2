#include "modules/jobs/jobs_module.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/list_filter.hpp"
#include "common/pagination.hpp"
#include "common/request_fields.hpp"
#include "common/tenant_db.hpp"
#include "core/db/sql_files.hpp"
#include "core/errors.hpp"
#include "core/util/sleep.hpp"
#include "core/util/time.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/jobs/job_presenter.hpp"
#include "modules/jobs/job_schema.hpp"

namespace crest::modules {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
std::string_view query(std::string_view name) {
  return db::sql_file(std::string("src/modules/jobs/queries/") + std::string(name) + ".sql");
}

// What ability conditions on a job may name, as columns of `jobs j`.
const crest::auth::ConditionColumns& condition_columns() {
  static const crest::auth::ConditionColumns columns{
      {"id", "j.id"}, {"queue", "j.queue"}, {"name", "j.name"}, {"actorId", "j.actor_id"}};
  return columns;
}

class JobsService {
 public:
  JobsService(db::Database& database, const queue::JobRegistry& registry)
      : database_(database), registry_(registry), pagination_(std::vector<common::SortColumn>{{"createdAt", "created_at"}, {"runAt", "run_at"}}) {}

  schema::Schema list_query() const { return common::list_query(jobs::contracts::list_filters(), pagination_); }

  asio::awaitable<Reply> list(RequestContext& ctx) {
    const Principal& caller = auth::caller(ctx);
    common::ListFilter where(query("list"), database_.engine());
    where.equals("j.queue", common::optional_text(ctx.query, "queue"))
        .equals("j.name", common::optional_text(ctx.query, "name"))
        .equals("j.state", common::optional_text(ctx.query, "state"))
        .readable(*caller.abilities, "Job", condition_columns());
    auto request = pagination_.request(ctx.query);
    auto tenant = common::tenant_of(database_, ctx);
    std::pair<db::Result, PageMeta> page;
    co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
      page = co_await pagination_.fetch(s, where.sql, where.params, request);
    });
    json::array items;
    for (std::size_t i = 0; i < page.first.size(); ++i) items.push_back(jobs::present_job(page.first[i]));
    co_return Reply::page(std::move(items), page.second);
  }

  asio::awaitable<Reply> get(RequestContext& ctx) {
    std::string id(ctx.params.at("id").as_string());
    auto tenant = common::tenant_of(database_, ctx);
    db::Result row;
    co_await tenant.read_once([&](common::TenantSession& s) -> asio::awaitable<void> { row = co_await find(s, ctx, id); });
    co_return Reply::ok(jobs::present_job(row.front()));
  }

  // Server-Sent Events: the job as it is now (`status`), each change of progress (`progress`) or
  // status (`status`), and `done` with the final view, after which the stream ends. A comment
  // every 15 s keeps proxies from closing an idle stream; after 5 minutes the stream ends and
  // EventSource reconnects (`retry: 1000`).
  asio::awaitable<Reply> events(RequestContext& ctx) {
    const Principal& caller = auth::caller(ctx);
    auto watch = std::make_shared<JobWatch>();
    watch->id = std::string(ctx.params.at("id").as_string());
    watch->tenant = {caller.workspace_id, caller.user_id};
    watch->abilities = caller.abilities;
    watch->last = co_await read_view(*watch);  // 404 before any byte of the stream
    http::Response response;
    response.content_type = "text/event-stream; charset=utf-8";
    response.set_header("Cache-Control", "no-cache");
    response.set_header("X-Accel-Buffering", "no");
    response.stream = [this, watch]() -> asio::awaitable<std::optional<std::string>> {
      co_return co_await next_events(*watch);
    };
    co_return Reply::send(std::move(response));
  }

  // Admin+: a Failed (or Cancelled) job runs again from its first attempt.
  asio::awaitable<Reply> retry(RequestContext& ctx) {
    std::vector<std::string_view> statements{"retry"};
    co_return co_await change(ctx, statements, "Only a failed or cancelled job can be retried", [this](const db::Row& job) {
      const auto* definition = registry_.find(job.text("name"));
      if (definition && definition->forgets_payload() && job.integer("payload_emptied") == 1)
        throw Conflict("This job emptied its payload when it finished (it carried a secret); it cannot run again");
    });
  }

  // A job that has not started is cancelled at once; a running one is asked to stop (its worker
  // sees it within a third of its lease, and the job ends Cancelled if its handler stops, Completed
  // if it finishes first); a finished one is not.
  asio::awaitable<Reply> cancel(RequestContext& ctx) {
    std::vector<std::string_view> statements{"cancel", "request_cancel"};
    co_return co_await change(ctx, statements, "Only a queued, delayed or running job can be cancelled",
                              [](const db::Row&) {});
  }

 private:
  asio::awaitable<db::Result> find(common::TenantSession& s, const RequestContext& ctx, std::string id) {
    co_return co_await find(s, *auth::caller(ctx).abilities, std::move(id));
  }
  asio::awaitable<db::Result> find(common::TenantSession& s, const crest::auth::Abilities& abilities, std::string id) {
    std::string sql = std::string(query("list")) + " AND j.id = $2";
    db::Params params{std::move(id)};
    common::append_allowed(sql, params, abilities, crest::auth::action::Read, "Job", condition_columns());
    auto rows = co_await s.query(sql, std::move(params));
    if (rows.empty()) throw NotFound("No such job");
    co_return rows;
  }

  // Runs the first of `statements` that changes the job (each: $2 the id, $3 now).
  asio::awaitable<Reply> change(RequestContext& ctx, std::vector<std::string_view> statements, std::string refused,
                                std::function<void(const db::Row&)> check) {
    std::string id(ctx.params.at("id").as_string());
    auto tenant = common::tenant_of(database_, ctx);
    db::Result after;
    co_await tenant.transaction([&](common::TenantSession& s) -> asio::awaitable<void> {
      auto before = co_await find(s, ctx, id);
      check(before.front());
      bool changed = false;
      for (auto statement : statements) {
        db::Params params{id, iso8601_now()};
        changed = (co_await s.query(query(statement), std::move(params))).affected_rows == 1;
        if (changed) break;
      }
      if (!changed) throw Conflict(refused);
      after = co_await find(s, ctx, id);
      // The audit entry (written with this transaction by TenantDb) records the state change.
      ctx.audit.subject_id = id;
      ctx.audit.changes = json::object{
          {"status", {{"before", before.front().text("state")}, {"after", after.front().text("state")}}}};
    });
    co_return Reply::ok(jobs::present_job(after.front()));
  }

  struct JobWatch {
    std::string id;
    common::Tenant tenant;
    std::shared_ptr<const crest::auth::Abilities> abilities;
    json::object last;
    bool started = false, done = false;
    std::chrono::steady_clock::time_point opened = std::chrono::steady_clock::now(), last_sent = opened;
  };

  asio::awaitable<json::object> read_view(const JobWatch& watch) {
    common::TenantDb tenant(database_, watch.tenant);
    db::Result row;
    co_await tenant.read([&](common::TenantSession& s) -> asio::awaitable<void> {
      row = co_await find(s, *watch.abilities, watch.id);
    });
    co_return jobs::present_job(row.front());
  }

  static std::string event(std::string_view name, const json::value& data) {
    return fmt::format("event: {}\ndata: {}\n\n", name, json::serialize(data));
  }

  asio::awaitable<std::optional<std::string>> next_events(JobWatch& watch) {
    using namespace std::chrono_literals;
    if (watch.done) co_return std::nullopt;
    std::string out;
    if (!watch.started) {
      watch.started = true;
      out = "retry: 1000\n" + event("status", watch.last);
    } else {
      co_await sleep_for(250ms);
      json::object now;
      try {
        now = co_await read_view(watch);
      } catch (const NotFound&) {
        co_return std::nullopt;  // removed (retention) or no longer readable
      }
      if (now.at("status") != watch.last.at("status"))
        out = event("status", now);
      else if (now.at("progress") != watch.last.at("progress"))
        out = event("progress", json::object{{"id", watch.id}, {"progress", now.at("progress")}, {"attempts", now.at("attempts")}});
      watch.last = std::move(now);
    }
    const auto& status = watch.last.at("status");
    if (status == "Completed" || status == "Failed" || status == "Cancelled") {
      out += event("done", watch.last);
      watch.done = true;
    } else if (std::chrono::steady_clock::now() - watch.opened > 5min) {
      watch.done = true;
    } else if (out.empty() && std::chrono::steady_clock::now() - watch.last_sent > 15s) {
      out = ": keep-alive\n\n";
    }
    if (!out.empty()) watch.last_sent = std::chrono::steady_clock::now();
    co_return out;
  }

  db::Database& database_;
  const queue::JobRegistry& registry_;
  common::Pagination pagination_;
};

}  // namespace

void JobsModule::register_routes(ModuleContext& ctx) {
  auto service = std::make_shared<JobsService>(ctx.db, ctx.jobs);
  Scope api(ctx.router, "/api/v1", "Jobs");
  api.get("/jobs").summary("The workspace's jobs, newest first; filter by queue, name or state")
      .can("Read", "Job").query(service->list_query())
      .response(200, page_of(jobs::contracts::job_view()))
      .handle(service, &JobsService::list);
  api.get("/jobs/:id").summary("One job: status, progress, attempts, result or error, times")
      .can("Read", "Job").response(200, jobs::contracts::job_view())
      .handle(service, &JobsService::get);
  api.get("/jobs/:id/events").summary("The job's progress and status as Server-Sent Events, ending with `done`")
      .can("Read", "Job").produces("text/event-stream").response(200, schema::string().max(1e9))
      .handle(service, &JobsService::events);
  api.post("/jobs/:id/retry").summary("Queue a failed or cancelled job again, from its first attempt (Admin+)")
      .can("Update", "Job").response(200, jobs::contracts::job_view()).audit("Retry", "Job")
      .handle(service, &JobsService::retry);
  api.del("/jobs/:id").summary("Cancel a job: at once if it has not started, at its next batch if it runs (Admin+)")
      .description("A running job keeps status Active with cancelRequestedAt set until its handler stops; then it is "
                   "Cancelled, its error saying how far it got (or Completed, if it finished first).")
      .can("Delete", "Job").response(200, jobs::contracts::job_view()).audit("Cancel", "Job")
      .handle(service, &JobsService::cancel);
}

}  // namespace crest::modules
