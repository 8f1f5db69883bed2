#pragma once
// `crest contracts --out DIR`: the TypeScript + Zod package for the frontend, generated from the
// same route and schema declarations as validation and OpenAPI.
#include <string>

#include "core/pipeline/router.hpp"

namespace crest::app {

// Returns the zod source of every schema the routes use, plus the envelope helpers and a route
// table.
std::string contracts_source(const Router& router);
void write_contracts_package(const Router& router, const std::string& out_dir,
                             const std::string& version);

}  // namespace crest::app
