#pragma once
// A company row and its aggregates -> CompanyView: owner summary, counts, money label, the last
// activity as a union on `kind`, ISO dates.

#include <chrono>

#include "core/db/result.hpp"
#include "core/pipeline/view.hpp"
#include "modules/companies/companies_repository.hpp"

namespace crest::modules::companies {

View present_company(const db::Row& row, const CompanyAggregates& aggregates,
                                    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace crest::modules::companies
