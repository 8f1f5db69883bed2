#pragma once
// An upload written to storage as it arrives (a route declared .consumes(...).stream_body()):
// the body never sits whole in memory, and an upload that fails part way (too large, cut off,
// the store down) leaves no object behind.
#include <boost/asio/awaitable.hpp>

#include <string>

#include "core/pipeline/context.hpp"
#include "shared/storage/async_storage.hpp"

namespace crest::modules::files {

// The request's body as the object `key`; BadRequest for an empty body (nothing is stored).
boost::asio::awaitable<storage::StoredObject> receive_upload(const RequestContext& ctx, storage::AsyncStorage& storage,
                                                             const std::string& key, const std::string& content_type);

// Removes an upload whose row was never written (the accepting transaction failed), so no object
// outlives it unseen; a failure to remove is logged, not thrown (the caller has an error already).
boost::asio::awaitable<void> forget_upload(storage::AsyncStorage& storage, const std::string& key);

}  // namespace crest::modules::files
