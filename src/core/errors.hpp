#pragma once
// Typed errors: the exception filter turns each into the error envelope with its status.
#include <stdexcept>
#include <string>
#include <vector>

namespace crest {

struct FieldError {
  std::string path;     // "items[2].quantity"; empty for the value itself
  std::string code;     // zod's issue codes: invalid_type, too_small, unrecognized_keys, ...
  std::string message;
};

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string message, std::vector<FieldError> details = {})
      : std::runtime_error(std::move(message)), status_(status), details_(std::move(details)) {}
  int status() const noexcept { return status_; }
  const std::vector<FieldError>& details() const noexcept { return details_; }
  // Extra response headers (Retry-After, Allow, ...).
  std::vector<std::pair<std::string, std::string>> headers;

 private:
  int status_;
  std::vector<FieldError> details_;
};

#define CREST_HTTP_ERROR(Name, Status, DefaultMessage)                                 \
  class Name : public HttpError {                                                      \
   public:                                                                             \
    explicit Name(std::string message = DefaultMessage) : HttpError(Status, std::move(message)) {} \
  };

class BadRequest : public HttpError {
 public:
  explicit BadRequest(std::string message = "Bad Request", std::vector<FieldError> details = {})
      : HttpError(400, std::move(message), std::move(details)) {}
};
CREST_HTTP_ERROR(Unauthorized, 401, "Unauthorized")
CREST_HTTP_ERROR(Forbidden, 403, "Forbidden")
CREST_HTTP_ERROR(NotFound, 404, "Not Found")
CREST_HTTP_ERROR(Conflict, 409, "Conflict")
CREST_HTTP_ERROR(PayloadTooLarge, 413, "Payload Too Large")
CREST_HTTP_ERROR(UnsupportedMediaType, 415, "Unsupported Media Type")
CREST_HTTP_ERROR(HeadersTooLarge, 431, "Request Header Fields Too Large")
CREST_HTTP_ERROR(ServiceUnavailable, 503, "Service Unavailable")

class MethodNotAllowed : public HttpError {
 public:
  explicit MethodNotAllowed(std::string allow)
      : HttpError(405, "Method Not Allowed") { headers.emplace_back("Allow", std::move(allow)); }
};

class TooManyRequests : public HttpError {
 public:
  explicit TooManyRequests(long retry_after_seconds, std::string message = "Too Many Requests")
      : HttpError(429, std::move(message)) {
    headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  }
};

#undef CREST_HTTP_ERROR

// The reason phrase the envelope's "error" field carries.
const char* status_reason(int status) noexcept;

}  // namespace crest
