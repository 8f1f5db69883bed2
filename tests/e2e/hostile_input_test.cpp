// Hostile input on every route the OpenAPI document declares (routes added later are covered by
// construction, as in the isolation test): each string of each body at the largest size the body
// limit lets through and past it, NUL in each string, nesting far past the depth limit, huge
// arrays, oversized and badly encoded query values and path parameters. Every answer must be a
// 4xx, and the process must answer /health/live after each. Runs on both engines.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <functional>

#include "support/api_scenario.hpp"
#include "support/api_surface.hpp"

namespace crest::testing {
namespace {
namespace json = boost::json;

constexpr std::size_t kBodyLimit = 1 << 20;  // CREST_BODY_LIMIT's default

// Every string value in `body`, as a function that replaces it in a copy.
void each_string(const json::value& body, const std::function<void(const std::function<json::value(json::value)>&)>& visit,
                 const std::function<json::value(json::value, json::value)>& rebuild =
                     [](json::value, json::value replacement) { return replacement; }) {
  if (body.is_string()) {
    visit([&](json::value replacement) { return rebuild(body, std::move(replacement)); });
  } else if (const auto* object = body.if_object()) {
    for (const auto& [key, child] : *object) {
      std::string name(key);
      each_string(child, visit, [&, name](json::value, json::value replacement) {
        json::value copy = body;
        copy.as_object()[name] = std::move(replacement);
        return rebuild(body, std::move(copy));
      });
    }
  } else if (const auto* array = body.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      each_string((*array)[i], visit, [&, i](json::value, json::value replacement) {
        json::value copy = body;
        copy.as_array()[i] = std::move(replacement);
        return rebuild(body, std::move(copy));
      });
    }
  }
}

class HostileInput : public ApiTest {
 protected:
  std::map<std::string, std::string> environment() const override {
    // Attempts here are not attacks on a login: the throttle would only turn 400s into 429s.
    return {{"CREST_LOGIN_RATE_LIMIT", "100000"}};
  }

  // Sends one request; the answer must be a 4xx and the process still live.
  void expect_refused(const std::string& what, const std::string& method, const std::string& path,
                      const std::string& body, const std::string& token) {
    HttpRequest request{method, server->url(path), body, {"Content-Type: application/json"}};
    if (!token.empty()) request.headers.push_back("Authorization: Bearer " + token);
    auto r = send(request);
    EXPECT_GE(r.status, 400) << what << ": " << method << " " << path << " " << r.body.substr(0, 300);
    EXPECT_LT(r.status, 500) << what << ": " << method << " " << path << " " << r.body.substr(0, 300);
    ASSERT_EQ(get(server->url("/health/live")).status, 200) << "the process died on " << what << ": " << method << " " << path;
    ++requests;
  }

  int requests = 0;
};

TEST_P(HostileInput, EveryRouteAnswers4xxToHostileBodiesQueriesAndParams_AndTheProcessStaysUp) {
  Account owner = server->register_account("owner@example.com", "Hostile");
  std::string some_id = "0192f1a2-7b3c-7d4e-8f00-112233445566";
  for (const auto& op : api_operations()) {
    if (op.path.rfind("/api/v1/", 0) != 0) continue;
    std::string token = op.is_public ? "" : owner.access_token;
    std::map<std::string, std::string> params;
    for (const auto& name : op.params) params[name] = some_id;
    std::string path = op.with_params(params);

    if (!op.body_schema.is_null()) {
      json::value example = example_of(op.body_schema);
      std::string valid = json::serialize(example);
      each_string(example, [&](const std::function<json::value(json::value)>& replace) {
        // As large as the body limit lets through (a pattern or format would meet all of it),
        // then past the limit.
        std::string fits(kBodyLimit - valid.size() - 64, 'a');
        expect_refused("a string near the body limit", op.method, path, json::serialize(replace(json::value(fits))), token);
        std::string past(2 * kBodyLimit, 'a');
        expect_refused("a string past the body limit", op.method, path, json::serialize(replace(json::value(past))), token);
        expect_refused("a string holding NUL", op.method, path, json::serialize(replace(json::value(std::string("x\0y", 3)))), token);
        std::string dotted;
        for (int i = 0; i < 100000; ++i) dotted += "a.";
        expect_refused("a long dotted string", op.method, path, json::serialize(replace(json::value(dotted))), token);
        std::string replaced = json::serialize(replace(json::value("@@placeholder@@")));
        auto at = replaced.find("\"@@placeholder@@\"");
        std::string surrogate = replaced;
        surrogate.replace(at, 17, "\"\\ud800\"");
        expect_refused("a lone surrogate", op.method, path, surrogate, token);
        std::string invalid_utf8 = replaced;
        invalid_utf8.replace(at, 17, "\"caf\xE9\"");
        expect_refused("invalid UTF-8", op.method, path, invalid_utf8, token);
        std::string deep = replaced;
        deep.replace(at, 17, std::string(100000, '[') + std::string(100000, ']'));
        expect_refused("nesting past the depth limit", op.method, path, deep, token);
        std::string wide = "[";
        for (int i = 0; i < 200000; ++i) wide += i ? ",0" : "0";
        wide += "]";
        std::string huge_array = replaced;
        huge_array.replace(at, 17, wide);
        expect_refused("a huge array", op.method, path, huge_array, token);
      });
      expect_refused("a body that is a huge array", op.method, path, "[" + std::string(400000, '1').insert(1, ",") + "]", token);
    }

    std::string long_value(8000, '9');
    for (const auto& name : op.query_params) {
      expect_refused("an oversized query value", op.method, path + "?" + name + "=" + long_value, "", token);
      expect_refused("a query value that is not UTF-8", op.method, path + "?" + name + "=%ff", "", token);
      expect_refused("a broken escape in a query value", op.method, path + "?" + name + "=%zz", "", token);
    }
    if (!op.params.empty()) {
      std::map<std::string, std::string> hostile;
      for (const auto& name : op.params) hostile[name] = std::string(8000, 'a');
      expect_refused("an oversized path parameter", op.method, op.with_params(hostile), "", token);
      for (const auto& name : op.params) hostile[name] = "%ff";
      expect_refused("a path parameter that is not UTF-8", op.method, op.with_params(hostile), "", token);
      for (const auto& name : op.params) hostile[name] = "a%00b";
      expect_refused("a path parameter holding NUL", op.method, op.with_params(hostile), "", token);
    }
  }
  EXPECT_GT(requests, 200) << "the walk found too few routes to mean anything";
}

CREST_API_TEST_ENGINES(HostileInput);

}  // namespace
}  // namespace crest::testing
