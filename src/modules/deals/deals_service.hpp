#pragma once
// Deals: list, read, create, update, soft delete; moving a stage (with its activity, in one
// transaction); and the pipeline, deals per stage.
#include <boost/asio/awaitable.hpp>

#include "common/pagination.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"

namespace crest::modules::deals {

class DealsService {
 public:
  explicit DealsService(db::Database& database);

  schema::Schema list_query() const;

  boost::asio::awaitable<Reply> list(RequestContext& ctx);
  boost::asio::awaitable<Reply> get(RequestContext& ctx);
  boost::asio::awaitable<Reply> create(RequestContext& ctx);
  boost::asio::awaitable<Reply> update(RequestContext& ctx);
  boost::asio::awaitable<Reply> move_stage(RequestContext& ctx);
  boost::asio::awaitable<Reply> remove(RequestContext& ctx);
  boost::asio::awaitable<Reply> pipeline(RequestContext& ctx);

 private:
  db::Database& database_;
  common::Pagination pagination_;
};

}  // namespace crest::modules::deals
