#include "modules/files/upload.hpp"

#include "core/errors.hpp"
#include "core/log/log.hpp"

namespace crest::modules::files {
namespace asio = boost::asio;

namespace {
// What is gathered before a write to the store (one trip to its threads per this much).
constexpr std::size_t kWriteEvery = 1024 * 1024;

asio::awaitable<storage::StoredObject> pour(const RequestContext& ctx, storage::AsyncStorage& storage,
                                            storage::ObjectWriter& writer) {
  std::string pending;
  std::uint64_t received = 0;
  std::function<void()> write = [&] { writer.write(pending); };
  for (;;) {
    std::optional<std::string> piece;
    if (ctx.request.body_source) piece = co_await ctx.request.body_source();
    else if (received == 0 && !ctx.request.body.empty()) piece = ctx.request.body;  // a route that does not stream
    if (!piece) break;
    received += piece->size();
    pending += *piece;
    if (pending.size() >= kWriteEvery) {
      co_await storage.run(write);
      pending.clear();
    }
  }
  if (received == 0) throw BadRequest("The file is empty");
  if (!pending.empty()) co_await storage.run(write);
  storage::StoredObject stored;
  std::function<void()> finish = [&] { stored = writer.finish(); };
  co_await storage.run(finish);
  co_return stored;
}
}  // namespace

asio::awaitable<storage::StoredObject> receive_upload(const RequestContext& ctx, storage::AsyncStorage& storage,
                                                      const std::string& key, const std::string& content_type) {
  std::unique_ptr<storage::ObjectWriter> writer;
  std::function<void()> open = [&] { writer = storage.storage().create(key, content_type); };
  co_await storage.run(open);
  storage::StoredObject stored;
  std::exception_ptr failure;
  try {
    stored = co_await pour(ctx, storage, *writer);
  } catch (...) {
    failure = std::current_exception();
  }
  std::function<void()> drop = [&] { writer.reset(); };  // unfinished: aborts the upload, off the loop
  co_await storage.run(drop);
  if (failure) std::rethrow_exception(failure);
  co_return stored;
}

boost::asio::awaitable<void> forget_upload(storage::AsyncStorage& storage, const std::string& key) {
  std::string problem;
  std::function<void()> remove = [&] {
    try {
      storage.storage().remove(key);
    } catch (const std::exception& e) {
      problem = e.what();
    }
  };
  co_await storage.run(remove);
  if (!problem.empty()) log::warn("an upload whose row was not written is still stored", {{"key", key}, {"error", problem}});
}

}  // namespace crest::modules::files
