#include "core/queue/job_metrics.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace crest::queue {
namespace {

TEST(JobMetrics, WhatCompletedJobsRemovedAddsUpByJobAndKind) {
  JobMetrics metrics;
  metrics.count_completion("crons", "purge", boost::json::parse(R"({"removed": {"activities": 3, "deals": 1}})"), 100.5);
  metrics.count_completion("crons", "purge", boost::json::parse(R"({"removed": {"activities": 2}})"), 200.25);
  metrics.count_completion("mail", "mail.send", boost::json::parse(R"({"messageId": "x"})"), 150);
  metrics.count_completion("crons", "odd", boost::json::parse(R"({"removed": {"rows": -4, "what": "text"}})"), 1);
  std::string out;
  metrics.render(out);
  EXPECT_NE(out.find("crest_job_removed_total{queue=\"crons\",job=\"purge\",what=\"activities\"} 5\n"), std::string::npos) << out;
  EXPECT_NE(out.find("crest_job_removed_total{queue=\"crons\",job=\"purge\",what=\"deals\"} 1\n"), std::string::npos);
  EXPECT_EQ(out.find("job=\"odd\",what="), std::string::npos) << "only counts that are whole and not negative";
  EXPECT_EQ(out.find("job=\"mail.send\",what="), std::string::npos) << "a result without \"removed\" removes nothing";
  EXPECT_NE(out.find("crest_job_last_completed_timestamp_seconds{queue=\"crons\",job=\"purge\"} 200.250\n"), std::string::npos);
  EXPECT_NE(out.find("crest_job_last_completed_timestamp_seconds{queue=\"mail\",job=\"mail.send\"} 150.000\n"), std::string::npos);
}

}  // namespace
}  // namespace crest::queue
