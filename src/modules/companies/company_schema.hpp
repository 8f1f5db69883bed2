#pragma once
// The contracts of companies: what a create or an update may carry, the list's query string, and
// the view every endpoint answers with.
#include <vector>

#include "core/schema/schema.hpp"

namespace crest::modules::companies::contracts {

const std::vector<std::string>& industries();
const std::vector<std::string>& employee_ranges();
const std::vector<std::string>& statuses();

const schema::Schema& create_company();
const schema::Schema& update_company();
const schema::Schema& company_params();
// Filters and search; the pagination fields are added by the service.
std::vector<schema::Field> list_filters();

const schema::Schema& company_view();
const schema::Schema& company_ref();  // {id, name}, in other views

}  // namespace crest::modules::companies::contracts
