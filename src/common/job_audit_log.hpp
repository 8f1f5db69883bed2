#pragma once
// The JobAuditSink `crest worker` installs: a job declaring audit() gets its entry in its
// workspace's audit log once it completes or fails for good, the actor being who enqueued it and
// the request id the job's id.
#include "core/queue/job.hpp"

namespace crest::common {

class JobAuditLog : public queue::JobAuditSink {
 public:
  boost::asio::awaitable<void> record(db::Database& database, const queue::ClaimedJob& job,
                                      const queue::JobAudit& audit, bool success, boost::json::object details) override;
};

}  // namespace crest::common
