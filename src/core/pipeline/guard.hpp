#pragma once
// Guards run before validation and the handler; each throws a typed HttpError to refuse.
#include <boost/asio/awaitable.hpp>

#include <string_view>

#include "core/pipeline/context.hpp"

namespace crest {

class Guard {
 public:
  virtual ~Guard() = default;
  virtual std::string_view name() const = 0;
  // Whether the guard has anything to check on this route; skipping costs nothing.
  virtual bool applies(const Route&) const { return true; }
  virtual boost::asio::awaitable<void> check(RequestContext& ctx) = 0;
};

}  // namespace crest
