#pragma once
// The API as its OpenAPI document declares it, for tests that must cover every route, including
// routes added later: the isolation test and the role matrix.
#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace crest::testing {

struct Operation {
  std::string method;              // "PATCH"
  std::string path;                // "/api/v1/members/:userId"
  std::vector<std::string> params; // {"userId"}
  bool is_public = false;
  bool paginated = false;          // takes page/limit (its data is a page of items)
  std::optional<std::pair<std::string, std::string>> ability;  // x-ability {action, subject}
  boost::json::value body_schema;  // null when the route takes no JSON body
  std::string upload_media_type;   // "text/csv" for a route whose body is a file
  std::vector<std::string> query_params;  // names of its query parameters

  // "/api/v1/members" for "/api/v1/members/:userId/..." (where its ids are listed).
  std::string collection() const;
  bool is_list() const { return method == "GET" && params.empty(); }
  std::string with_params(const std::map<std::string, std::string>& values) const;
};

// Every operation of `crest openapi` (run once per test binary, cached).
const std::vector<Operation>& api_operations();

// A JSON value that satisfies `schema` ($refs resolved in the same document). A declared example
// wins (how a pattern-checked string says what passes); otherwise enums take their last
// value (the least privileged role, for instance); a property named `<thing>Id` takes an id from
// `ids_for(thing)` when that has one and is left out when optional and unknown. Other optional
// properties are included.
boost::json::value example_of(const boost::json::value& schema,
                              const std::function<std::optional<std::string>(const std::string&)>& ids_for = {});

// Every string under a key named "id" anywhere in `value`.
std::set<std::string> ids_in(const boost::json::value& value);

// The ids a route parameter can take from the items of its collection's list: `id` reads
// item.id; `userId` reads item.userId or item.user.id.
std::vector<std::string> ids_for_param(const boost::json::array& items, const std::string& param);

// A small valid file of that media type, for routes that take an upload ("text/csv": a contacts
// CSV); empty for a type no test knows.
std::string example_upload(const std::string& media_type);

}  // namespace crest::testing
