#pragma once
// Rows of every kind a workspace can hold, made through the API's own create routes (found from
// the OpenAPI document, so resources added later are seeded too), and every list read back.
#include <boost/json/array.hpp>

#include <map>
#include <optional>
#include <string>

#include "support/api_scenario.hpp"

namespace crest::testing {

// The items of every list `who` can read, by path ("/api/v1/companies" -> its first page, up to
// 100 items). Each list must answer 200.
using Lists = std::map<std::string, boost::json::array>;
Lists lists_of(const ApiServer& server, const Account& who);

// An id from `lists` for a body field `<thing>Id` ("companies" -> a company id).
std::optional<std::string> id_from(const Lists& lists, const std::string& collection);

// Creates something through every create route of `who`'s workspace, `passes` times (from the
// second pass on, bodies that refer to other resources find them).
void seed_workspace(const ApiServer& server, const Account& who, int passes = 2);

}  // namespace crest::testing
