#pragma once
// JSON text appended to a string: what every response body and log line is written with. About
// three times fewer instructions than boost::json::serialize on a response (a string escaped by
// runs, no intermediate buffer), and the same text except for doubles, which are written in their
// shortest exact form ("0.001", not "1E-3").
#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace crest {

// s quoted, with '"', '\\' and control characters escaped (\b \f \n \r \t or \u00XX).
void append_json_string(std::string& out, std::string_view s);
void append_json_number(std::string& out, std::int64_t n);
void append_json_number(std::string& out, std::uint64_t n);
// The shortest text that reads back as the same double; null for infinities and NaN, which JSON
// cannot hold.
void append_json_number(std::string& out, double n);
void append_json(std::string& out, const boost::json::value& value);

}  // namespace crest
