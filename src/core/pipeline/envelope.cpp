#include "core/pipeline/envelope.hpp"

#include <boost/json.hpp>

#include "core/util/time.hpp"

namespace crest {
namespace json = boost::json;

// Written as text around the serialized data: no copy of the data into a wrapper object.
std::string success_envelope(const Reply& reply) {
  std::string out = R"({"success":true,"data":)";
  out += json::serialize(reply.data);
  if (reply.meta) {
    const PageMeta& m = *reply.meta;
    std::int64_t pages = m.limit > 0 ? (m.total + m.limit - 1) / m.limit : 0;
    out += R"(,"meta":)";
    out += json::serialize(json::object{{"total", m.total},
                                        {"page", m.page},
                                        {"limit", m.limit},
                                        {"totalPages", pages},
                                        {"hasNextPage", m.page < pages},
                                        {"hasPrevPage", m.page > 1}});
  }
  out += R"(,"timestamp":")";
  out += iso8601_now();
  out += "\"}";
  return out;
}

std::string error_envelope(int status, const std::string& message,
                           const std::vector<FieldError>& details, const std::string& request_id) {
  json::array detail_array;
  for (const auto& d : details)
    detail_array.push_back(json::object{{"path", d.path}, {"code", d.code}, {"message", d.message}});
  json::object out{{"success", false},
                   {"statusCode", status},
                   {"error", status_reason(status)},
                   {"message", message}};
  if (!detail_array.empty()) out["details"] = std::move(detail_array);
  out["requestId"] = request_id;
  out["timestamp"] = iso8601_now();
  return json::serialize(out);
}

}  // namespace crest
