#include "core/pipeline/exception_filter.hpp"

#include "core/log/log.hpp"
#include "core/pipeline/envelope.hpp"

namespace crest {

http::Response ExceptionFilter::to_response(const HttpError& error,
                                            const std::string& request_id) const {
  http::Response response;
  response.status = error.status();
  response.body = error_envelope(error.status(), error.what(), error.details(), request_id);
  for (const auto& [name, value] : error.headers) response.set_header(name, value);
  return response;
}

http::Response ExceptionFilter::to_response(std::exception_ptr error,
                                            const RequestContext& ctx) const {
  try {
    std::rethrow_exception(error);
  } catch (const HttpError& e) {
    return to_response(e, ctx.request_id);
  } catch (const std::exception& e) {
    log::error("unhandled exception", {{"reqId", ctx.request_id}, {"err", e.what()}});
  } catch (...) {
    log::error("unhandled non-standard exception", {{"reqId", ctx.request_id}});
  }
  return to_response(HttpError(500, "Internal server error"), ctx.request_id);
}

}  // namespace crest
