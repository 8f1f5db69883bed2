#pragma once
// Interceptors see every request on its way in and every response on its way out, errors
// included (access log, metrics, headers).
#include <string_view>

#include "core/http/request.hpp"
#include "core/pipeline/context.hpp"

namespace crest {

class Interceptor {
 public:
  virtual ~Interceptor() = default;
  virtual std::string_view name() const = 0;
  virtual void before(RequestContext&) {}
  virtual void after(const RequestContext&, http::Response&) {}
};

}  // namespace crest
