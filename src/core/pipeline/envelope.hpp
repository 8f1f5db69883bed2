#pragma once
// The response envelope of SPEC.md, success and error.
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/pipeline/context.hpp"

namespace crest {

std::string success_envelope(const Reply& reply);
std::string error_envelope(int status, const std::string& message,
                           const std::vector<FieldError>& details, const std::string& request_id);

}  // namespace crest
