#pragma once
// The contracts of contacts: create, update, the list's filters, and the view.
#include <vector>

#include "core/schema/schema.hpp"

namespace crest::modules::contacts::contracts {

const schema::Schema& create_contact();
const schema::Schema& update_contact();
const schema::Schema& contact_params();
std::vector<schema::Field> list_filters();
const schema::Schema& contact_view();
const schema::Schema& contact_ref();  // {id, fullName}, in other views

}  // namespace crest::modules::contacts::contracts
