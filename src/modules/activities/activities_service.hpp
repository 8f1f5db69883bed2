#pragma once
// Activities: the timeline of a company, contact or deal; list and record.
#include <boost/asio/awaitable.hpp>

#include "common/pagination.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"

namespace crest::modules::activities {

class ActivitiesService {
 public:
  explicit ActivitiesService(db::Database& database);

  schema::Schema list_query() const;

  boost::asio::awaitable<Reply> list(RequestContext& ctx);
  boost::asio::awaitable<Reply> get(RequestContext& ctx);
  boost::asio::awaitable<Reply> create(RequestContext& ctx);
  // GET /activities/timeline (activity_timeline.hpp), under this module's ability conditions.
  boost::asio::awaitable<Reply> timeline(RequestContext& ctx);

 private:
  db::Database& database_;
  common::Pagination pagination_;
};

}  // namespace crest::modules::activities
