#pragma once
// The fixture of end-to-end tests that need `crest worker` beside `crest serve` and a storage of
// their own: a data directory per test (local files go under it), an optional storage driver
// (storage_environment(): an S3 URL and its keys), workers started on the same environment, and
// a wait for a job to finish.
//
//   class Imports : public WorkerApiTest {};
//   auto running = worker();
//   json::value done = wait_for_job(ann, job_id);
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include <unistd.h>

#include "support/api_scenario.hpp"

namespace crest::testing {

class WorkerApiTest : public ApiTest {
 protected:
  void SetUp() override {
    data_dir_ = ::testing::TempDir() + "crest_worker_api_" + std::to_string(::getpid()) + "_" + GetParam() + "_" +
                std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
    ApiTest::SetUp();
  }
  void TearDown() override {
    ApiTest::TearDown();
    std::filesystem::remove_all(data_dir_);
  }
  std::map<std::string, std::string> environment() const override {
    auto env = storage_environment();
    env["CREST_DATA_DIR"] = data_dir_;
    return env;
  }
  virtual std::map<std::string, std::string> storage_environment() const { return {}; }

  std::unique_ptr<ServerProcess> worker(std::map<std::string, std::string> more = {}) const {
    auto env = environment();
    for (auto& [k, v] : more) env[k] = v;
    return server->start_worker(env);
  }

  // Polls the job until it is done (Completed, Failed or Cancelled), or `until` says stop; its
  // last view (null once it is unreadable).
  template <typename Until>
  boost::json::value wait_for_job(const Account& as, const std::string& id, Until until) const {
    boost::json::value view;
    for (int i = 0; i < 2400; ++i) {
      auto job = server->call(as, "GET", "/api/v1/jobs/" + id);
      if (job.status != 200) return boost::json::value(nullptr);
      view = job.json().at("data");
      std::string status(view.at("status").as_string());
      if (status == "Completed" || status == "Failed" || status == "Cancelled" || until(view)) return view;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return view;
  }
  boost::json::value wait_for_job(const Account& as, const std::string& id) const {
    return wait_for_job(as, id, [](const boost::json::value&) { return false; });
  }

  HttpResult download(const Account& as, const std::string& url) const {
    return send({"GET", server->url(url), "", {"Authorization: Bearer " + as.access_token}});
  }

  std::string data_dir_;
};

}  // namespace crest::testing
