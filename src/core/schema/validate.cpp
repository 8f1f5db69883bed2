// Validation mirrors Zod 3's semantics (issue codes, paths, which failures stop a branch) so the
// C++ server and the generated TypeScript contracts accept and refuse the same payloads.
#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include <re2/re2.h>

#include "core/schema/formats.hpp"
#include "core/schema/schema_node.hpp"
#include "core/util/time.hpp"

namespace crest::schema {
namespace json = boost::json;

namespace {

std::string received_type(const json::value* v) {
  if (!v) return "undefined";
  switch (v->kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "unknown";
}

std::string expected_type(Kind kind) {
  switch (kind) {
    case Kind::String:
    case Kind::DateTime:
    case Kind::Enum:
    case Kind::Literal: return "string";
    case Kind::Number: return "number";
    case Kind::Integer: return "integer";
    case Kind::Boolean: return "boolean";
    case Kind::Array: return "array";
    case Kind::Object:
    case Kind::DiscriminatedUnion: return "object";
    case Kind::Union:
    case Kind::Any: return "any";
  }
  return "any";
}

std::string format_number(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  return json::serialize(json::value(d));
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "'" : " | '") + v + "'";
  return out;
}

std::string join_path(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}

// Strings from a query string or path segment, read as the declared type; nullopt when the
// value stays as it is (most strings), so nothing is copied. Enum values are not folded: the
// wire value is the stored value is the label, so `?status=active` is a 400 listing them.
std::optional<json::value> coerce(const Node& node, const json::value& in) {
  if (!in.is_string()) return std::nullopt;
  std::string_view s = in.get_string();
  switch (node.kind) {
    case Kind::Number:
    case Kind::Integer: {
      if (s.empty()) return std::nullopt;
      double d = 0;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(d)) return std::nullopt;
      if (std::floor(d) == d && std::fabs(d) < 9e15) return json::value(static_cast<std::int64_t>(d));
      return json::value(d);
    }
    case Kind::Boolean:
      if (s == "true" || s == "1") return json::value(true);
      if (s == "false" || s == "0") return json::value(false);
      return std::nullopt;
    default: return std::nullopt;
  }
}

class Validator {
 public:
  explicit Validator(Mode mode) : mode_(mode) {}
  std::vector<FieldError> errors;

  // Returns false when the branch is "aborted" in Zod's sense (a type error below it);
  // length and format failures only mark it dirty and validation continues.
  bool run(const Node& node, const json::value* in, const std::string& path, json::value& out) {
    if (!in) {
      if (node.default_value) {
        out = *node.default_value;
        return true;
      }
      if (node.optional) return true;
      add(path, "invalid_type", "Required");
      return false;
    }
    if (in->is_null() && node.nullable) {
      out = nullptr;
      return true;
    }
    std::optional<json::value> coerced;
    if (mode_ == Mode::Coerce && (coerced = coerce(node, *in))) in = &*coerced;
    bool alive = run_kind(node, *in, path, out);
    if (alive) {
      for (const auto& refinement : node.refinements)
        if (!refinement.rule(out)) add(path, "custom", refinement.message);
    }
    return alive;
  }

 private:
  Mode mode_;

  void add(const std::string& path, std::string code, std::string message) {
    errors.push_back({path, std::move(code), std::move(message)});
  }

  bool type_error(const Node& node, const json::value& in, const std::string& path) {
    add(path, "invalid_type",
        "Expected " + expected_type(node.kind) + ", received " + received_type(&in));
    return false;
  }

  bool run_kind(const Node& node, const json::value& in, const std::string& path,
                json::value& out) {
    switch (node.kind) {
      case Kind::Any: out = in; return true;
      case Kind::String: return run_string(node, in, path, out);
      case Kind::DateTime: {
        if (!in.is_string()) return type_error(node, in, path);
        // Handed on in UTC ("+05:00" applied), so both engines store and compare one spelling.
        if (auto instant = parse_iso8601(in.get_string()))
          out = json::string(iso8601(*instant));
        else {
          out = in;
          add(path, "invalid_string", "Invalid datetime");
        }
        return true;
      }
      case Kind::Enum: {
        if (!in.is_string()) {
          add(path, "invalid_enum_value",
              "Invalid enum value. Expected " + quoted_list(node.values) + ", received " +
                  received_type(&in));
          return false;
        }
        std::string_view s = in.get_string();
        if (std::find(node.values.begin(), node.values.end(), s) == node.values.end()) {
          add(path, "invalid_enum_value",
              "Invalid enum value. Expected " + quoted_list(node.values) + ", received '" +
                  std::string(s) + "'");
          return false;
        }
        out = in;
        return true;
      }
      case Kind::Literal: {
        if (!in.is_string() || in.get_string() != node.values.front()) {
          add(path, "invalid_literal",
              "Invalid literal value, expected \"" + node.values.front() + "\"");
          return false;
        }
        out = in;
        return true;
      }
      case Kind::Number:
      case Kind::Integer: return run_number(node, in, path, out);
      case Kind::Boolean:
        if (!in.is_bool()) return type_error(node, in, path);
        out = in;
        return true;
      case Kind::Array: return run_array(node, in, path, out);
      case Kind::Object: return run_object(node, in, path, out);
      case Kind::Union: return run_union(node, in, path, out);
      case Kind::DiscriminatedUnion: return run_discriminated(node, in, path, out);
    }
    return true;
  }

  bool run_string(const Node& node, const json::value& in, const std::string& path,
                  json::value& out) {
    if (!in.is_string()) return type_error(node, in, path);
    std::string_view s = in.get_string();
    if (node.trim) s = trimmed(s);
    std::size_t length = utf16_length(s);
    double max = node.max.value_or(kDefaultStringMax);
    if (node.min && length < *node.min)
      add(path, "too_small",
          "String must contain at least " + format_number(*node.min) + " character(s)");
    // PostgreSQL's text cannot hold NUL, and no field of ours means one.
    if (s.find('\0') != std::string_view::npos) add(path, "invalid_string", kNoNulMessage);
    if (length > max) {
      // Formats and patterns are not run on what is already too long: refused either way.
      add(path, "too_big", "String must contain at most " + format_number(max) + " character(s)");
    } else {
      if (node.format == StringFormat::Email && !is_email(s)) add(path, "invalid_string", "Invalid email");
      if (node.format == StringFormat::Uuid && !is_uuid(s)) add(path, "invalid_string", "Invalid uuid");
      if (node.format == StringFormat::Url && !is_url(s)) add(path, "invalid_string", "Invalid url");
      if (node.compiled_pattern && !RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *node.compiled_pattern))
        add(path, "invalid_string", node.pattern_message.empty() ? "Invalid" : node.pattern_message);
    }
    out = json::string(s);
    return true;
  }

  bool run_number(const Node& node, const json::value& in, const std::string& path,
                  json::value& out) {
    if (!in.is_number()) {
      add(path, "invalid_type", "Expected number, received " + received_type(&in));
      return false;
    }
    double d = in.to_number<double>();
    if (node.kind == Kind::Integer && std::floor(d) != d)
      add(path, "invalid_type", "Expected integer, received float");
    if (node.min && d < *node.min)
      add(path, "too_small", "Number must be greater than or equal to " + format_number(*node.min));
    if (node.max && d > *node.max)
      add(path, "too_big", "Number must be less than or equal to " + format_number(*node.max));
    // An integer is handed on as one (1.0 and 1e3 are integers in JSON's eyes, and in zod's).
    if (node.kind == Kind::Integer && std::floor(d) == d && std::fabs(d) < 9.2e18 && !in.is_int64() && !in.is_uint64())
      out = static_cast<std::int64_t>(d);
    else
      out = in;
    return true;
  }

  bool run_array(const Node& node, const json::value& in, const std::string& path,
                 json::value& out) {
    if (!in.is_array()) return type_error(node, in, path);
    const auto& items = in.get_array();
    if (node.min && items.size() < *node.min)
      add(path, "too_small", "Array must contain at least " + format_number(*node.min) + " element(s)");
    if (node.max && items.size() > *node.max)
      add(path, "too_big", "Array must contain at most " + format_number(*node.max) + " element(s)");
    json::array result;
    result.reserve(items.size());
    bool alive = true;
    for (std::size_t i = 0; i < items.size(); ++i) {
      json::value item_out;
      alive &= run(node.items->node(), &items[i], path + "[" + std::to_string(i) + "]", item_out);
      result.push_back(std::move(item_out));
    }
    out = std::move(result);
    return alive;
  }

  bool run_object(const Node& node, const json::value& in, const std::string& path,
                  json::value& out) {
    if (!in.is_object()) return type_error(node, in, path);
    const auto& input = in.get_object();
    json::object result;
    bool alive = true;
    for (const auto& [key, field] : node.fields) {
      const json::value* child = input.if_contains(key);
      json::value child_out;
      bool child_alive = run(field.node(), child, join_path(path, key), child_out);
      alive &= child_alive;
      if (child || field.node().default_value) result[key] = std::move(child_out);
    }
    std::vector<std::string> unknown;
    for (const auto& [key, value] : input) {
      bool known = std::any_of(node.fields.begin(), node.fields.end(),
                               [&key = key](const Field& f) { return f.first == key; });  // (clang < 16 cannot capture a binding)
      if (known) continue;
      if (node.strict)
        unknown.emplace_back(key);
      else
        result[key] = value;
    }
    if (!unknown.empty()) {
      std::string names;
      for (const auto& k : unknown) names += (names.empty() ? "'" : ", '") + k + "'";
      add(path, "unrecognized_keys", "Unrecognized key(s) in object: " + names);
    }
    out = std::move(result);
    return alive;
  }

  bool run_union(const Node& node, const json::value& in, const std::string& path,
                 json::value& out) {
    std::optional<std::vector<FieldError>> dirty_errors;
    json::value dirty_out;
    for (const auto& option : node.options) {
      Validator attempt(mode_);
      json::value attempt_out;
      bool alive = attempt.run(option.node(), &in, path, attempt_out);
      if (alive && attempt.errors.empty()) {
        out = std::move(attempt_out);
        return true;
      }
      if (alive && !dirty_errors) {
        dirty_errors = std::move(attempt.errors);
        dirty_out = std::move(attempt_out);
      }
    }
    if (dirty_errors) {
      errors.insert(errors.end(), dirty_errors->begin(), dirty_errors->end());
      out = std::move(dirty_out);
      return true;
    }
    add(path, "invalid_union", "Invalid input");
    return false;
  }

  bool run_discriminated(const Node& node, const json::value& in, const std::string& path,
                         json::value& out) {
    if (!in.is_object()) return type_error(node, in, path);
    std::vector<std::string> tags;
    const json::value* tag = in.get_object().if_contains(node.discriminator);
    for (const auto& option : node.options) {
      for (const auto& [key, field] : option.node().fields) {
        if (key != node.discriminator) continue;
        const std::string& literal_value = field.node().values.front();
        if (tag && tag->is_string() && tag->get_string() == literal_value)
          return run(option.node(), &in, path, out);
        tags.push_back(literal_value);
      }
    }
    add(join_path(path, node.discriminator), "invalid_union_discriminator",
        "Invalid discriminator value. Expected " + quoted_list(tags));
    return false;
  }
};

}  // namespace

Validated Schema::validate(const boost::json::value& input, Mode mode) const {
  Validator validator(mode);
  Validated result;
  validator.run(*node_, &input, "", result.value);
  result.errors = std::move(validator.errors);
  return result;
}

}  // namespace crest::schema
