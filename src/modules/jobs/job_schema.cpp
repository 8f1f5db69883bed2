#include "modules/jobs/job_schema.hpp"

namespace crest::modules::jobs::contracts {
using namespace crest::schema;

namespace {
Schema states() { return enumeration({"Queued", "Delayed", "Active", "Completed", "Failed", "Cancelled"}); }
}  // namespace

std::vector<Field> list_filters() {
  return {
      {"queue", string().trim().max(64).optional()},
      {"name", string().trim().max(128).optional()},
      {"state", states().optional()},
  };
}

const Schema& job_view() {
  static const Schema s = object({
      {"id", string().uuid()},
      {"queue", string().max(64)},
      {"name", string().max(128)},
      {"status", states()},
      {"priority", integer()},
      {"progress", any().describe("What the handler last reported; null before it reports")},
      {"attempts", integer().min(0)},
      {"maxAttempts", integer().min(1)},
      {"result", any().describe("What the job answered once Completed; null before")},
      {"error", string().nullable().describe("The last attempt's error (kept once Failed)")},
      {"runAt", datetime().describe("When it is (or was) due")},
      {"createdAt", datetime()},
      {"startedAt", datetime().nullable()},
      {"finishedAt", datetime().nullable()},
      {"cancelRequestedAt", datetime().nullable().describe("Someone asked this running job to stop")},
  }).name("JobView");
  return s;
}

}  // namespace crest::modules::jobs::contracts
