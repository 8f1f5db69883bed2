// Answers ability questions the way the server does, for the @casl/ability cross-check in node:
// reads {"rules": [...CASL rules], "cases": [{action, subject, resource?, field?}]} on stdin and
// prints a JSON array of booleans, one per case.
#include <boost/json.hpp>

#include <iostream>
#include <iterator>

#include "core/auth/abilities.hpp"

int main() {
  namespace json = boost::json;
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  auto request = json::parse(input).as_object();
  auto abilities = crest::auth::Abilities::from_casl_json(request.at("rules").as_array());
  json::array answers;
  for (const auto& item : request.at("cases").as_array()) {
    const auto& c = item.as_object();
    std::string action(c.at("action").as_string()), subject(c.at("subject").as_string());
    const auto* resource = c.if_contains("resource");
    std::string field = c.contains("field") ? std::string(c.at("field").as_string()) : "";
    if (resource)
      answers.push_back(abilities.can(action, subject, resource->as_object(), field));
    else
      answers.push_back(abilities.can(action, subject));
  }
  std::cout << json::serialize(answers) << "\n";
}
