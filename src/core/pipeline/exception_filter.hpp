#pragma once
// The one place exceptions become responses: typed HttpErrors keep their status and message,
// anything else is a 500 whose detail goes to the log only.
#include <exception>

#include "core/errors.hpp"
#include "core/http/request.hpp"
#include "core/pipeline/context.hpp"

namespace crest {

class ExceptionFilter {
 public:
  http::Response to_response(std::exception_ptr error, const RequestContext& ctx) const;
  http::Response to_response(const HttpError& error, const std::string& request_id) const;
};

}  // namespace crest
