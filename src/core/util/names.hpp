#pragma once
#include <string>
#include <string_view>

namespace crest {

// "employee_range" -> "employeeRange": SQL column names as API field names.
std::string camel_case(std::string_view snake);

}  // namespace crest
