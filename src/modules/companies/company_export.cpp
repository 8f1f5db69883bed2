#include "modules/companies/company_export.hpp"

#include <boost/json.hpp>

#include "common/request_fields.hpp"
#include "core/auth/abilities.hpp"
#include "core/errors.hpp"
#include "modules/auth/auth_service.hpp"
#include "modules/auth/member_abilities.hpp"
#include "modules/companies/companies_repository.hpp"
#include "modules/companies/company_schema.hpp"
#include "modules/files/csv_export.hpp"
#include "modules/jobs/accepted_job.hpp"
#include "shared/storage/async_storage.hpp"

namespace crest::modules::companies {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {
const std::vector<common::SortColumn>& sortable() {
  static const std::vector<common::SortColumn> columns{
      {"createdAt", "created_at"}, {"name", "name"}, {"updatedAt", "updated_at"}};
  return columns;
}

schema::Schema export_request() {
  using namespace crest::schema;
  auto fields = contracts::list_filters();
  std::vector<std::string> names;
  for (const auto& s : sortable()) names.push_back(s.name);
  fields.push_back({"sortBy", enumeration(names).default_value(json::string(names.front()))});
  fields.push_back({"sortOrder", enumeration({"asc", "desc"}).default_value("desc")});
  return object(std::move(fields)).name("CompanyExportRequest");
}

CompanyFilters filters_of(const json::value& payload) {
  return {common::optional_text(payload, "search"), common::optional_text(payload, "status"),
          common::optional_text(payload, "industry"), common::optional_text(payload, "ownerId")};
}

ExportOrder order_of(const json::value& payload) {
  std::string_view by = payload.at("sortBy").as_string();
  for (const auto& s : sortable())
    if (s.name == by) return ExportOrder{s.column, payload.at("sortOrder") == "desc"};
  throw queue::PermanentJobError("sortBy must be one of the sortable fields");
}

const std::vector<std::string>& header() {
  static const std::vector<std::string> columns{"id", "name", "domain", "industry", "employeeRange", "status",
                                                "ownerId", "ownerName", "ownerEmail", "createdAt", "updatedAt"};
  return columns;
}

void write_company(const db::Row& row, csv::CsvWriter& out) {
  out.field(row.text("id"));
  out.field(row.text("name"));
  out.field(row.optional_text("domain"));
  out.field(row.text("industry"));
  out.field(row.text("employee_range"));
  out.field(row.text("status"));
  out.field(row.optional_text("owner_id"));
  out.field(row.optional_text("owner_name"));
  out.field(row.optional_text("owner_email"));
  out.field(row.time("created_at"));
  out.field(row.time("updated_at"));
  out.end_row();
}
}  // namespace

void register_company_export(ModuleContext& ctx) {
  auto storage = ctx.providers.get<storage::AsyncStorage>();
  auto members = ctx.providers.get<auth::MemberAbilities>();
  auto file_ttl = ctx.config.file_ttl;
  auto& job = ctx.jobs.define("exports.companies")
                  .queue("exports")
                  .payload(export_request())
                  .attempts(3)
                  .timeout(std::chrono::minutes(30))
                  .audit("Export", "Company")
                  .handle([storage, members, file_ttl](queue::JobContext& job) -> asio::awaitable<json::value> {
                    const auto& run = job.job();
                    auto abilities = co_await members->of(run.workspace_id.value_or(""), run.actor_id.value_or(""));
                    if (!abilities || !abilities->can(crest::auth::action::Read, "Company"))
                      throw queue::PermanentJobError("The member who asked for this export may no longer read companies");
                    CompanyFilters filters = filters_of(job.payload());
                    ExportOrder order = order_of(job.payload());
                    files::CsvExport spec{
                        "companies", header(),
                        [&](common::TenantSession& s) { return CompaniesRepository::count(s, filters, *abilities); },
                        [&](common::TenantSession& s, const db::Row* after, std::int64_t limit) {
                          return CompaniesRepository::export_batch(s, filters, *abilities, order, after, limit);
                        },
                        &write_company};
                    co_return co_await files::run_csv_export(job, *storage, file_ttl, spec);
                  });

  db::Database& database = ctx.db;
  Scope api(ctx.router, "/api/v1", "Companies");
  api.post("/exports/companies").summary("Export the companies the list would show (its filters and sort) as CSV")
      .description("202 with the job; follow it on GET /jobs/:id or /jobs/:id/events. Once Completed, its "
                   "result.file.url downloads the CSV.")
      .can("Create", "File").body(export_request())
      .response(202, jobs::accepted_job_view())
      .handle([&database, &job](RequestContext& ctx) -> asio::awaitable<Reply> {
        if (!auth::caller(ctx).abilities->can(crest::auth::action::Read, "Company"))
          throw Forbidden("Exporting companies needs reading them");
        co_return co_await jobs::accept(database, ctx, job, ctx.body);
      });
}

}  // namespace crest::modules::companies
