#pragma once
// Where the audit entries of routes declaring audit(action, subject) go. The pipeline calls it
// for a failed or denied attempt (a Failure entry of its own, since the work rolled back), and
// after a success whose entry no tenant transaction wrote (then it is written on its own).
#include <boost/asio/awaitable.hpp>

#include "core/pipeline/context.hpp"

namespace crest {

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual boost::asio::awaitable<void> success(RequestContext& ctx) = 0;
  virtual boost::asio::awaitable<void> failure(RequestContext& ctx, int status) = 0;
};

}  // namespace crest
