#include "support/api_seed.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/api_surface.hpp"

namespace crest::testing {
namespace json = boost::json;

Lists lists_of(const ApiServer& server, const Account& who) {
  Lists out;
  for (const auto& op : api_operations()) {
    if (!op.is_list() || op.is_public || !op.path.starts_with("/api/v1/")) continue;
    auto r = server.call(who, "GET", op.path + (op.paginated ? "?limit=100" : ""));
    EXPECT_EQ(r.status, 200) << op.path << ": " << r.body;
    if (r.status != 200) continue;
    auto data = r.json().at("data");
    if (data.is_array()) out[op.path] = data.as_array();
  }
  return out;
}

std::optional<std::string> id_from(const Lists& lists, const std::string& collection) {
  std::string path = collection == "owners" || collection == "users" ? "/api/v1/members" : "/api/v1/" + collection;
  auto it = lists.find(path);
  if (it == lists.end() || it->second.empty()) return std::nullopt;
  auto ids = ids_for_param(it->second, path == "/api/v1/members" ? "userId" : "id");
  if (ids.empty()) return std::nullopt;
  return ids.front();
}

void seed_workspace(const ApiServer& server, const Account& who, int passes) {
  Lists lists;
  for (int pass = 0; pass < passes; ++pass) {
    if (pass < 2) lists = lists_of(server, who);  // (the ids found by then do for later passes)
    for (const auto& op : api_operations()) {
      if (op.method == "POST" && op.params.empty() && !op.is_public && !op.upload_media_type.empty()) {
        send({"POST", server.url(op.path), example_upload(op.upload_media_type),
              {"Content-Type: " + op.upload_media_type, "Authorization: Bearer " + who.access_token}});
        continue;
      }
      if (op.method != "POST" || !op.params.empty() || op.is_public || op.body_schema.is_null()) continue;
      if (op.path.starts_with("/api/v1/auth/") || op.path == "/api/v1/workspaces") continue;  // not rows of it
      auto body = example_of(op.body_schema, [&](const std::string& c) { return id_from(lists, c); });
      server.call(who, "POST", op.path, body);
    }
  }
}

}  // namespace crest::testing
