#pragma once
// Companies: list (filters, search, sort, abilities as SQL), read, create, update, soft delete.
#include <boost/asio/awaitable.hpp>

#include "common/pagination.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"

namespace crest::modules::companies {

class CompaniesService {
 public:
  explicit CompaniesService(db::Database& database);

  // The list's query string: filters, search and pagination.
  schema::Schema list_query() const;

  boost::asio::awaitable<Reply> list(RequestContext& ctx);
  boost::asio::awaitable<Reply> get(RequestContext& ctx);
  boost::asio::awaitable<Reply> create(RequestContext& ctx);
  boost::asio::awaitable<Reply> update(RequestContext& ctx);
  boost::asio::awaitable<Reply> remove(RequestContext& ctx);

 private:
  db::Database& database_;
  common::Pagination pagination_;
};

}  // namespace crest::modules::companies
