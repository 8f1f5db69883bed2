#include "core/http/request.hpp"

namespace crest::http {

std::string_view Request::header(std::string_view lower_name) const noexcept {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return {};
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [existing, existing_value] : headers) {
    if (existing == name) {
      existing_value = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace crest::http
