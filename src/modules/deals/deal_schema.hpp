#pragma once
// The contracts of deals and of the pipeline.
#include <vector>

#include "core/schema/schema.hpp"

namespace crest::modules::deals::contracts {

// In pipeline order.
const std::vector<std::string>& stages();
bool is_closed(std::string_view stage);

const schema::Schema& create_deal();
const schema::Schema& update_deal();
const schema::Schema& move_stage();
const schema::Schema& deal_params();
std::vector<schema::Field> list_filters();
const schema::Schema& deal_view();
const schema::Schema& deal_ref();  // {id, title}, in other views
const schema::Schema& pipeline_query();
const schema::Schema& pipeline_view();

}  // namespace crest::modules::deals::contracts
