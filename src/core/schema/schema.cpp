#include "core/schema/schema.hpp"

#include "core/schema/schema_node.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <stdexcept>

namespace crest::schema {

template <class Edit>
Schema Schema::with(Edit edit) const {
  auto copy = std::make_shared<Node>(*node_);
  edit(*copy);
  return Schema(std::move(copy));
}

Schema Schema::min(double bound) const { return with([&](Node& n) { n.min = bound; }); }
Schema Schema::max(double bound) const { return with([&](Node& n) { n.max = bound; }); }
Schema Schema::trim() const { return with([](Node& n) { n.trim = true; }); }
Schema Schema::email() const { return with([](Node& n) { n.format = StringFormat::Email; }); }
Schema Schema::uuid() const { return with([](Node& n) { n.format = StringFormat::Uuid; }); }
Schema Schema::url() const { return with([](Node& n) { n.format = StringFormat::Url; }); }
Schema Schema::regex(std::string pattern, std::string message) const {
  return with([&](Node& n) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_never_capture(true);
    auto compiled = std::make_shared<const RE2>(pattern, options);
    if (!compiled->ok()) throw std::logic_error("schema pattern " + pattern + ": " + compiled->error());
    n.compiled_pattern = std::move(compiled);
    n.pattern = std::move(pattern);
    n.pattern_message = std::move(message);
  });
}
Schema Schema::optional() const { return with([](Node& n) { n.optional = true; }); }
Schema Schema::nullable() const { return with([](Node& n) { n.nullable = true; }); }
Schema Schema::default_value(boost::json::value value) const {
  return with([&](Node& n) { n.default_value = std::move(value); });
}
Schema Schema::passthrough() const { return with([](Node& n) { n.strict = false; }); }
Schema Schema::refine(std::function<bool(const boost::json::value&)> rule, std::string message,
                      std::string js_body) const {
  return with([&](Node& n) {
    n.refinements.push_back({std::move(rule), std::move(message), std::move(js_body)});
  });
}
Schema Schema::describe(std::string description) const {
  return with([&](Node& n) { n.description = std::move(description); });
}
Schema Schema::example(boost::json::value value) const {
  return with([&](Node& n) { n.example = std::move(value); });
}
Schema Schema::name(std::string component_name) const {
  return with([&](Node& n) { n.name = std::move(component_name); });
}

namespace {
Schema make(Kind kind) {
  auto node = std::make_shared<Node>();
  node->kind = kind;
  return Schema(std::move(node));
}
}  // namespace

Schema string() { return make(Kind::String); }
Schema number() { return make(Kind::Number); }
Schema integer() { return make(Kind::Integer); }
Schema boolean() { return make(Kind::Boolean); }
Schema datetime() { return make(Kind::DateTime); }
Schema any() { return make(Kind::Any); }

Schema enumeration(std::vector<std::string> values) {
  auto node = std::make_shared<Node>();
  node->kind = Kind::Enum;
  node->values = std::move(values);
  return Schema(std::move(node));
}

Schema literal(std::string value) {
  auto node = std::make_shared<Node>();
  node->kind = Kind::Literal;
  node->values = {std::move(value)};
  return Schema(std::move(node));
}

Schema array(Schema items) {
  auto node = std::make_shared<Node>();
  node->kind = Kind::Array;
  node->items = std::move(items);
  return Schema(std::move(node));
}

Schema object(std::vector<Field> fields) {
  auto node = std::make_shared<Node>();
  node->kind = Kind::Object;
  node->fields = std::move(fields);
  return Schema(std::move(node));
}

Schema union_of(std::vector<Schema> options) {
  auto node = std::make_shared<Node>();
  node->kind = Kind::Union;
  node->options = std::move(options);
  return Schema(std::move(node));
}

Schema discriminated_union(std::vector<Schema> options, std::string discriminator) {
  for (const auto& option : options) {
    const auto& fields = option.node().fields;
    bool has_literal = option.node().kind == Kind::Object &&
                       std::any_of(fields.begin(), fields.end(), [&](const Field& f) {
                         return f.first == discriminator && f.second.node().kind == Kind::Literal;
                       });
    if (!has_literal)
      throw std::logic_error("discriminated_union: every option needs a literal '" +
                             discriminator + "' field");
  }
  auto node = std::make_shared<Node>();
  node->kind = Kind::DiscriminatedUnion;
  node->options = std::move(options);
  node->discriminator = std::move(discriminator);
  return Schema(std::move(node));
}

}  // namespace crest::schema
