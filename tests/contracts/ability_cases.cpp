// Answers ability questions the way the server does, for the @casl/ability cross-check in node:
// reads {"rules": [...CASL rules], "cases": [{action, subject, resource?, field?}]} on stdin and
// prints a JSON array of booleans, one per case.
// With `--unseal SECRET_FILE` it opens an outbox link sealed under that server secret instead
// (the node test reads invitation links as the mailer will).
#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>

#include "core/auth/abilities.hpp"
#include "core/auth/sealed_text.hpp"

int main(int argc, char** argv) {
  namespace json = boost::json;
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (argc == 3 && std::string(argv[1]) == "--unseal") {
    std::string secret;
    std::getline(std::ifstream(argv[2]), secret);
    while (!input.empty() && (input.back() == '\n' || input.back() == '\r')) input.pop_back();
    auto opened = crest::auth::TextSealer(secret, "outbox").open(input);
    if (!opened) {
      std::cerr << "not sealed under this secret\n";
      return 1;
    }
    std::cout << *opened << "\n";
    return 0;
  }
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
