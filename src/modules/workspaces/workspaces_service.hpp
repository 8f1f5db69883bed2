#pragma once
// The caller's workspaces, creating one, and reading or changing the current one.
#include <boost/asio/awaitable.hpp>

#include "common/pagination.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"

namespace crest::modules::workspaces {

class WorkspacesService {
 public:
  explicit WorkspacesService(db::Database& database);

  std::vector<schema::Field> list_query() const { return pagination_.query_fields(); }

  boost::asio::awaitable<Reply> list_mine(RequestContext& ctx);
  boost::asio::awaitable<Reply> create(RequestContext& ctx);
  boost::asio::awaitable<Reply> current(RequestContext& ctx);
  boost::asio::awaitable<Reply> update_current(RequestContext& ctx);

 private:
  db::Database& database_;
  common::Pagination pagination_;
};

}  // namespace crest::modules::workspaces
