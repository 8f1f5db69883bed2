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

// An export's order: a sortable column (from the allow-list, never from input) and its direction;
// the id breaks ties.
struct ExportOrder {
  std::string column;  // "created_at"
  bool descending = true;
};

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
  // How many companies the list with these filters holds for the caller.
  static boost::asio::awaitable<std::int64_t> count(common::TenantSession& session, const CompanyFilters& filters,
                                                    const crest::auth::Abilities& abilities);
  // Up to `limit` companies of the list after `after` (a row of the previous batch; null: from
  // the start) in `order`: a keyset page, served by the sort column's index however deep it is.
  static boost::asio::awaitable<db::Result> export_batch(common::TenantSession& session, const CompanyFilters& filters,
                                                         const crest::auth::Abilities& abilities,
                                                         const ExportOrder& order, const db::Row* after,
                                                         std::int64_t limit);
  // Counts, pipeline value and last activity for the companies of `rows`.
  static boost::asio::awaitable<AggregatesById> aggregates(common::TenantSession& session, const db::Result& rows);
};

}  // namespace crest::modules::companies
