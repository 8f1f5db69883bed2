#include "core/pipeline/router.hpp"

#include <gtest/gtest.h>

namespace crest {
namespace {

Handler noop() {
  return [](RequestContext&) -> boost::asio::awaitable<Reply> { co_return Reply::ok(nullptr); };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.get("/companies").handle(noop());
    router.post("/companies").handle(noop());
    router.get("/companies/:id").handle(noop());
    router.patch("/companies/:id").handle(noop());
    router.get("/members/:userId/roles/:role").handle(noop());
    router.get("/members/me").handle(noop());
  }
  Router router;
};

TEST_F(RouterTest, MatchesStaticAndParamSegments) {
  auto m = router.match("GET", "/companies/abc%20d");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->path, "/companies/:id");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"id", "abc d"}));
}

TEST_F(RouterTest, StaticSegmentWinsOverParam) {
  auto m = router.match("GET", "/members/me");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->path, "/members/me");
  auto p = router.match("GET", "/members/u1/roles/Admin");
  ASSERT_NE(p.route, nullptr);
  EXPECT_EQ(p.params[1].second, "Admin");
}

TEST_F(RouterTest, UnknownPathHasNoRouteAndNoAllow) {
  auto m = router.match("GET", "/nope");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allow.empty());
}

TEST_F(RouterTest, KnownPathWithOtherMethodListsAllow) {
  auto m = router.match("DELETE", "/companies/1");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allow, "GET, HEAD, PATCH, OPTIONS");
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  auto m = router.match("HEAD", "/companies");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
}

TEST_F(RouterTest, TrailingSlashMatchesTheSameRoute) {
  EXPECT_NE(router.match("GET", "/companies/").route, nullptr);
}

TEST_F(RouterTest, DeclaringARouteTwiceIsAnError) {
  EXPECT_THROW(router.get("/companies"), std::logic_error);
}

}  // namespace
}  // namespace crest
