#pragma once
// POST /api/v1/exports/companies: the list's filters and sort, answered 202 with the job that
// writes them as CSV (job "exports.companies", run by `crest worker` with the abilities its actor
// has when it runs: only the companies they may read).
#include "core/module.hpp"

namespace crest::modules::companies {

void register_company_export(ModuleContext& ctx);

}  // namespace crest::modules::companies
