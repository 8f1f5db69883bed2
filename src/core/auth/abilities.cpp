#include "core/auth/abilities.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "core/errors.hpp"

namespace crest::auth {
namespace json = boost::json;

namespace {

bool matches_action(const Rule& rule, std::string_view action) {
  return rule.action == action || rule.action == action::Manage;
}

bool matches_subject(const Rule& rule, std::string_view subject) {
  return rule.subject == subject || rule.subject == kAnySubject;
}

// CASL: a rule without fields covers every field; asking about no field skips inverted field rules.
bool matches_field(const Rule& rule, std::optional<std::string_view> field) {
  if (rule.fields.empty()) return true;
  if (!field) return !rule.inverted;
  return std::find(rule.fields.begin(), rule.fields.end(), *field) != rule.fields.end();
}

bool value_matches(const json::value& actual, const json::value& expected) {
  if (expected.is_object()) {
    const auto& op = expected.as_object();
    if (auto in = op.if_contains("$in"); in && in->is_array()) {
      const auto& options = in->as_array();
      return std::find(options.begin(), options.end(), actual) != options.end();
    }
    if (auto ne = op.if_contains("$ne")) return actual != *ne;
    throw std::logic_error("unsupported ability condition operator");
  }
  return actual == expected;
}

bool conditions_match(const Rule& rule, const json::object& resource) {
  static const json::value kMissing = nullptr;
  for (const auto& [field, expected] : rule.conditions) {
    const json::value* actual = resource.if_contains(field);
    if (!value_matches(actual ? *actual : kMissing, expected)) return false;
  }
  return true;
}

db::Value to_param(const json::value& value) {
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_int64()) return value.as_int64();
  if (value.is_uint64()) return static_cast<std::int64_t>(value.as_uint64());
  if (value.is_double()) return value.as_double();
  if (value.is_bool()) return static_cast<std::int64_t>(value.as_bool());
  return nullptr;
}

std::string column_for(const ConditionColumns& columns, std::string_view field) {
  for (const auto& [name, column] : columns)
    if (name == field) return column;
  throw std::logic_error(fmt::format("ability condition on '{}' has no SQL column", field));
}

// One rule's conditions as SQL: `a = $n AND b IN ($m, $k)`.
std::string conditions_sql(const Rule& rule, const ConditionColumns& columns, SqlFilter& out,
                           std::size_t first_placeholder) {
  std::vector<std::string> parts;
  auto placeholder = [&](const json::value& v) {
    out.params.push_back(to_param(v));
    return fmt::format("${}", first_placeholder + out.params.size() - 1);
  };
  for (const auto& [field, expected] : rule.conditions) {
    std::string column = column_for(columns, field);
    if (expected.is_object() && expected.as_object().contains("$in")) {
      std::vector<std::string> items;
      for (const auto& item : expected.as_object().at("$in").as_array()) items.push_back(placeholder(item));
      parts.push_back(items.empty() ? "FALSE" : fmt::format("{} IN ({})", column, fmt::join(items, ", ")));
    } else if (expected.is_object() && expected.as_object().contains("$ne")) {
      const auto& value = expected.as_object().at("$ne");
      parts.push_back(value.is_null() ? column + " IS NOT NULL"
                                      : fmt::format("({} IS NULL OR {} <> {})", column, column, placeholder(value)));
    } else if (expected.is_null()) {
      parts.push_back(column + " IS NULL");
    } else {
      parts.push_back(fmt::format("{} = {}", column, placeholder(expected)));
    }
  }
  return fmt::format("({})", fmt::join(parts, " AND "));
}

}  // namespace

std::vector<const Rule*> Abilities::relevant(std::string_view action, std::string_view subject,
                                             std::optional<std::string_view> field) const {
  std::vector<const Rule*> out;
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it)
    if (matches_action(*it, action) && matches_subject(*it, subject) && matches_field(*it, field))
      out.push_back(&*it);
  return out;
}

bool Abilities::can(std::string_view action, std::string_view subject) const {
  for (const Rule* rule : relevant(action, subject, std::nullopt)) {
    // On a type, a conditional rule allows (some row may match) and a conditional inversion
    // forbids nothing.
    if (rule->conditions.empty()) return !rule->inverted;
    if (!rule->inverted) return true;
  }
  return false;
}

bool Abilities::can(std::string_view action, std::string_view subject, const json::object& resource,
                    std::string_view field) const {
  std::optional<std::string_view> asked;
  if (!field.empty()) asked = field;
  for (const Rule* rule : relevant(action, subject, asked))
    if (conditions_match(*rule, resource)) return !rule->inverted;
  return false;
}

bool Abilities::restricted(std::string_view action, std::string_view subject) const {
  auto rules = relevant(action, subject, std::nullopt);
  // As sql_filter walks them: only an unconditional allow before any condition means "every row".
  return rules.empty() || !rules.front()->conditions.empty() || rules.front()->inverted;
}

std::vector<std::string> Abilities::forbidden_fields(std::string_view action, std::string_view subject,
                                                     const json::object& resource,
                                                     const std::vector<std::string>& changed) const {
  std::vector<std::string> out;
  for (const auto& field : changed)
    if (!can(action, subject, resource, field)) out.push_back(field);
  return out;
}

// CASL's rulesToQuery: allowing rules OR together, inverted ones AND NOT; the first unconditional
// rule ends the walk (allow: no further restriction; deny: nothing below it counts).
SqlFilter Abilities::sql_filter(std::string_view action, std::string_view subject, const ConditionColumns& columns,
                                std::size_t first_placeholder) const {
  SqlFilter out;
  std::vector<std::string> allowed, denied;
  bool allow_all = false;
  for (const Rule* rule : relevant(action, subject, std::nullopt)) {
    if (rule->conditions.empty()) {
      if (!rule->inverted) allow_all = true;
      break;
    }
    std::string condition = conditions_sql(*rule, columns, out, first_placeholder);
    (rule->inverted ? denied : allowed).push_back(std::move(condition));
  }
  if (!allow_all && allowed.empty()) return SqlFilter{"FALSE", {}};
  std::vector<std::string> parts;
  if (!allow_all) parts.push_back(fmt::format("({})", fmt::join(allowed, " OR ")));
  for (const auto& condition : denied) parts.push_back("NOT " + condition);
  if (parts.empty()) return SqlFilter{"TRUE", {}};
  out.sql = fmt::format("({})", fmt::join(parts, " AND "));
  return out;
}

json::array Abilities::to_casl_json() const {
  json::array out;
  for (const auto& rule : rules_) {
    json::object item{{"action", rule.action}, {"subject", rule.subject}};
    if (!rule.conditions.empty()) item["conditions"] = rule.conditions;
    if (!rule.fields.empty()) item["fields"] = json::value_from(rule.fields);
    if (rule.inverted) item["inverted"] = true;
    out.push_back(std::move(item));
  }
  return out;
}

Abilities Abilities::from_casl_json(const json::array& rules) {
  std::vector<Rule> out;
  for (const auto& item : rules) {
    const auto* rule = item.if_object();
    if (!rule || !rule->contains("action") || !rule->contains("subject") || !rule->at("action").is_string() ||
        !rule->at("subject").is_string())
      throw std::invalid_argument("an ability rule needs string action and subject");
    Rule parsed{std::string(rule->at("action").as_string()), std::string(rule->at("subject").as_string()), {}, {}, false};
    if (const auto* conditions = rule->if_contains("conditions"); conditions && conditions->is_object())
      parsed.conditions = conditions->as_object();
    if (const auto* fields = rule->if_contains("fields"); fields && fields->is_array())
      for (const auto& field : fields->as_array()) parsed.fields.emplace_back(field.as_string());
    if (const auto* inverted = rule->if_contains("inverted"); inverted && inverted->is_bool())
      parsed.inverted = inverted->as_bool();
    out.push_back(std::move(parsed));
  }
  return Abilities(std::move(out));
}

void authorize(const Abilities& abilities, std::string_view action, std::string_view subject,
               const json::object& resource, const std::vector<std::string>& changed_fields) {
  if (!abilities.can(action, subject, resource))
    throw Forbidden(fmt::format("You may not {} this {}", action, subject));
  auto forbidden = abilities.forbidden_fields(action, subject, resource, changed_fields);
  if (forbidden.empty()) return;
  std::vector<FieldError> details;
  for (const auto& field : forbidden)
    details.push_back({field, "forbidden_field", fmt::format("You may not change {}", field)});
  throw BadRequest(fmt::format("You may not change: {}", fmt::join(forbidden, ", ")), std::move(details));
}

}  // namespace crest::auth
