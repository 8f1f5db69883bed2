#pragma once
// `crest seed --demo`: a demo workspace with realistic data (200 companies, 1,000 contacts, 400
// deals across every stage, activities over the last 90 days) and five users, one per role.
#include <string>

#include "core/config/config.hpp"

namespace crest::app {

struct DemoLogin {
  std::string email;
  std::string password;
  std::string workspace;
};

// Returns the exit code; prints the login (and a progress bar on a terminal).
int seed_demo(const Config& config, const DemoLogin& login);

}  // namespace crest::app
