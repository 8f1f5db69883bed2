#include "core/pipeline/envelope.hpp"

#include <boost/json.hpp>

#include "core/util/json_text.hpp"
#include "core/util/time.hpp"

namespace crest {
namespace json = boost::json;

// Written as text around the serialized data: no copy of the data into a wrapper object.
std::string success_envelope(const Reply& reply) {
  std::string out;
  out.reserve(512);
  out += R"({"success":true,"data":)";
  if (reply.view)
    out += *reply.view;
  else
    append_json(out, reply.data);
  if (reply.meta) {
    const PageMeta& m = *reply.meta;
    std::int64_t pages = m.limit > 0 ? (m.total + m.limit - 1) / m.limit : 0;
    out += R"(,"meta":{"total":)";
    append_json_number(out, m.total);
    out += R"(,"page":)";
    append_json_number(out, m.page);
    out += R"(,"limit":)";
    append_json_number(out, m.limit);
    out += R"(,"totalPages":)";
    append_json_number(out, pages);
    out += R"(,"hasNextPage":)";
    out += m.page < pages ? "true" : "false";
    out += R"(,"hasPrevPage":)";
    out += m.page > 1 ? "true" : "false";
    out += '}';
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
  std::string text;
  append_json(text, out);
  return text;
}

}  // namespace crest
