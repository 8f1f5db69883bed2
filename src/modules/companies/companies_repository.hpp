#pragma once
// The SQL of companies (queries/*.sql), always through the caller's tenant session. A page of
// companies costs four statements whatever its size: the page, then contacts counts, open deals
// and the last activity for all of its companies at once; one company's view costs one.
#include <boost/asio/awaitable.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/pagination.hpp"
#include "common/tenant_db.hpp"
#include "core/auth/abilities.hpp"
#include "modules/activities/last_activity.hpp"

namespace crest::modules::companies {

struct CompanyFilters {
  std::optional<std::string> search, status, industry, owner_id;
};

// What the presenter needs beside a company's row.
struct CompanyAggregates {
  std::int64_t contacts = 0;
  std::int64_t open_deals = 0;
  std::int64_t pipeline_cents = 0;
  std::string pipeline_currency = "USD";
  std::optional<activities::LastActivity> last_activity;
};
using AggregatesById = std::map<std::string, CompanyAggregates>;

class CompaniesRepository {
 public:
  // A page of the companies the caller may read.
  static boost::asio::awaitable<std::pair<db::Result, PageMeta>> page(
      common::TenantSession& session, const CompanyFilters& filters, const crest::auth::Abilities& abilities,
      const common::Pagination& pagination, const common::Pagination::Request& request);
  // One company by id (a Result of one row), NotFound when absent, deleted or another workspace's.
  static boost::asio::awaitable<db::Result> find(common::TenantSession& session, std::string id);
  // One company by id with its aggregates in the same row (read them with aggregates_of), in one
  // statement; NotFound as find.
  static boost::asio::awaitable<db::Result> find_with_aggregates(common::TenantSession& session, std::string id);
  static CompanyAggregates aggregates_of(const db::Row& row);
  // Counts, pipeline value and last activity for the companies of `rows`.
  static boost::asio::awaitable<AggregatesById> aggregates(common::TenantSession& session, const db::Result& rows);
};

}  // namespace crest::modules::companies
