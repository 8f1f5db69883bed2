#include "core/health/health.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace crest {
namespace {

Readiness run(const Health& health) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, health.readiness(), boost::asio::use_future);
  io.run();
  return future.get();
}

HealthCheck returning(bool up, std::string detail = {}) {
  return [up, detail]() -> boost::asio::awaitable<HealthCheckResult> { co_return HealthCheckResult{up, detail}; };
}

TEST(Health, ReadyWhenEveryCheckIsUp) {
  Health health;
  health.add_check("database", returning(true));
  auto readiness = run(health);
  EXPECT_TRUE(readiness.ready);
  EXPECT_EQ(readiness.checks.at("database").at("status"), "up");
}

TEST(Health, OneFailingCheckMakesItNotReadyAndSaysWhy) {
  Health health;
  health.add_check("database", returning(true));
  health.add_check("redis", returning(false, "connection refused"));
  auto readiness = run(health);
  EXPECT_FALSE(readiness.ready);
  EXPECT_EQ(readiness.checks.at("redis").at("detail"), "connection refused");
}

TEST(Health, ACheckThatThrowsCountsAsDown) {
  Health health;
  health.add_check("cache", []() -> boost::asio::awaitable<HealthCheckResult> {
    throw std::runtime_error("timeout");
    co_return HealthCheckResult{};
  });
  auto readiness = run(health);
  EXPECT_FALSE(readiness.ready);
  EXPECT_EQ(readiness.checks.at("cache").at("detail"), "timeout");
}

TEST(Health, ANonCriticalCheckDownIsReportedButStaysReady) {
  Health health;
  health.add_check("redis", returning(false, "connection refused"), false);
  auto readiness = run(health);
  EXPECT_TRUE(readiness.ready);
  EXPECT_EQ(readiness.checks.at("redis").at("status"), "degraded");
}

TEST(Health, DrainingIsNotReady) {
  Health health;
  health.set_draining();
  EXPECT_FALSE(run(health).ready);
}

}  // namespace
}  // namespace crest
