#include "modules/auth/role_abilities.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace crest::modules::auth {
using crest::auth::Rule;
namespace json = boost::json;

const std::vector<std::string>& roles() {
  static const std::vector<std::string> all{"Owner", "Admin", "Operator", "Pipeline", "Viewer"};
  return all;
}

bool is_role(std::string_view role) { return std::find(roles().begin(), roles().end(), role) != roles().end(); }

namespace {
constexpr std::string_view kCallerPlaceholder = "${user.id}";

json::value with_caller(const json::value& value, const std::string& user_id) {
  if (value.is_string() && value.as_string() == kCallerPlaceholder) return json::value(user_id);
  if (value.is_array()) {
    json::array out;
    for (const auto& item : value.as_array()) out.push_back(with_caller(item, user_id));
    return out;
  }
  if (value.is_object()) {
    json::object out;
    for (const auto& [key, item] : value.as_object()) out[key] = with_caller(item, user_id);
    return out;
  }
  return value;
}

bool scalar(const json::value& v) { return v.is_string() || v.is_number() || v.is_bool() || v.is_null(); }

void check_condition(std::string_view role, std::string_view subject, std::string_view field, const json::value& expected) {
  const auto& known = condition_fields(subject);
  if (std::find(known.begin(), known.end(), field) == known.end())
    throw std::invalid_argument(fmt::format("{}: a condition on {} may name {}, not '{}'", role, subject,
                                            known.empty() ? "no field" : fmt::format("{}", fmt::join(known, ", ")), field));
  if (scalar(expected)) return;
  const auto* op = expected.if_object();
  bool in = op && op->size() == 1 && op->contains("$in") && op->at("$in").is_array() &&
            std::all_of(op->at("$in").as_array().begin(), op->at("$in").as_array().end(), scalar);
  bool ne = op && op->size() == 1 && op->contains("$ne") && scalar(op->at("$ne"));
  if (!in && !ne)
    throw std::invalid_argument(fmt::format("{}: the condition on {}.{} must be a value, {{\"$in\": [values]}} or {{\"$ne\": value}}",
                                            role, subject, field));
}
}  // namespace

RoleRules RoleRules::parse(std::string_view json_text) {
  boost::system::error_code ec;
  json::value root = json::parse(json_text, ec);
  if (ec || !root.is_object()) throw std::invalid_argument("role rules must be a JSON object {role: [rules]}");
  RoleRules out;
  for (const auto& [role, rules] : root.as_object()) {
    if (!is_role(role)) throw std::invalid_argument(fmt::format("'{}' is not a role ({})", std::string_view(role), fmt::join(roles(), ", ")));
    if (!rules.is_array()) throw std::invalid_argument(fmt::format("{}: the rules must be an array", std::string_view(role)));
    auto parsed = crest::auth::Abilities::from_casl_json(rules.as_array());
    for (const auto& rule : parsed.rules())
      for (const auto& [field, expected] : rule.conditions) check_condition(role, rule.subject, field, expected);
    out.rules_.emplace(std::string(role), rules.as_array());
  }
  return out;
}

RoleRules RoleRules::load(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream file(path);
  if (!file) throw std::invalid_argument("cannot read " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return parse(text.str());
}

const json::array* RoleRules::rules_for(std::string_view role) const {
  auto it = rules_.find(role);
  return it == rules_.end() ? nullptr : &it->second;
}

const std::vector<std::string>& condition_fields(std::string_view subject) {
  static const std::map<std::string, std::vector<std::string>, std::less<>> fields{
      {"Company", {"id", "ownerId", "status"}},
      {"Contact", {"id", "ownerId"}},
      {"Deal", {"id", "ownerId", "stage"}},
      {"Activity", {"id", "kind", "companyId", "contactId", "dealId", "createdBy"}},
      {"AuditLog", {"actorId", "action", "subject", "subjectId", "status"}},
      {"Member", {"userId", "role"}},
      {"Job", {"id", "queue", "name", "actorId"}},
      {"File", {"id", "purpose", "createdBy"}},
      {"User", {"id"}},
  };
  static const std::vector<std::string> none;
  auto it = fields.find(subject);
  return it == fields.end() ? none : it->second;
}

crest::auth::ConditionColumns condition_columns(std::string_view subject, std::string_view alias) {
  crest::auth::ConditionColumns out;
  for (const auto& field : condition_fields(subject)) {
    std::string column = alias.empty() ? std::string() : std::string(alias) + ".";
    for (char c : field) {
      if (c >= 'A' && c <= 'Z') column += std::string("_") + static_cast<char>(c - 'A' + 'a');
      else column += c;
    }
    out.emplace_back(field, std::move(column));
  }
  return out;
}

// Read top to bottom; within a role a later rule overrides an earlier one. Subjects: User (one's
// own profile), Session (one's tokens), Workspace, Member, Invitation, Company, Contact, Deal,
// Activity, Pipeline, AuditLog, Job, File.
crest::auth::Abilities abilities_for(std::string_view role, const std::string& user_id,
                                     const RoleRules* deployment_rules) {
  const json::object me{{"id", user_id}};
  const json::object owned_by_me{{"ownerId", user_id}};
  auto can = [](std::string action, std::string subject, json::object conditions = {},
                std::vector<std::string> fields = {}) {
    return Rule{std::move(action), std::move(subject), std::move(conditions), std::move(fields), false};
  };
  auto cannot = [](std::string action, std::string subject, std::vector<std::string> fields = {}) {
    return Rule{std::move(action), std::move(subject), {}, std::move(fields), true};
  };

  std::vector<Rule> rules{
      can("Read", "User", me),
      can("Update", "User", me, {"name"}),
      can("Manage", "Session"),
      can("Create", "Workspace"),  // anyone may start a workspace of their own
      can("Read", "Workspace"),
      can("Read", "Member"),
  };
  auto add = [&](std::initializer_list<Rule> more) { rules.insert(rules.end(), more); };

  if (const auto* own = deployment_rules ? deployment_rules->rules_for(role) : nullptr) {
    auto deployment = crest::auth::Abilities::from_casl_json(with_caller(*own, user_id).as_array()).rules();
    rules.insert(rules.end(), deployment.begin(), deployment.end());
  } else if (role == "Owner") {
    add({can("Manage", "all")});
  } else if (role == "Admin") {
    add({can("Manage", "all"),
         cannot("Delete", "Workspace"),
         cannot("Update", "Workspace", {"plan"})});  // billing stays with Owners
  } else if (role == "Operator") {
    add({can("Manage", "Company"), can("Manage", "Contact"), can("Manage", "Activity"),
         can("Create", "Deal"), can("Read", "Deal"), can("Update", "Deal"),
         can("Read", "Pipeline"), can("Create", "Job"), can("Read", "Job"), can("Create", "File"), can("Read", "File")});
  } else if (role == "Pipeline") {
    add({can("Read", "Company"), can("Read", "Contact"), can("Read", "Activity"), can("Create", "Activity"),
         can("Read", "Deal"), can("Create", "Deal"),
         can("Update", "Deal", owned_by_me, {"title", "stage", "amountCents", "currency", "expectedCloseDate", "contactId"}),
         can("Read", "Pipeline")});
  } else if (role == "Viewer") {
    add({can("Read", "Company"), can("Read", "Contact"), can("Read", "Deal"), can("Read", "Activity"),
         can("Read", "Pipeline")});
  }
  return crest::auth::Abilities(std::move(rules));
}

}  // namespace crest::modules::auth
