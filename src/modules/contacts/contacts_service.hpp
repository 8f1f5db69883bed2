#pragma once
// Contacts: list (filters, search in names and email, abilities as SQL), read, create, update,
// soft delete. Two statements a page whatever its size: the page and the last activities.
#include <boost/asio/awaitable.hpp>

#include "common/pagination.hpp"
#include "core/db/database.hpp"
#include "core/pipeline/context.hpp"

namespace crest::modules::contacts {

class ContactsService {
 public:
  explicit ContactsService(db::Database& database);

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

}  // namespace crest::modules::contacts
