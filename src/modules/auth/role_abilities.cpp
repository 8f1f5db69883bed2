#include "modules/auth/role_abilities.hpp"

#include <algorithm>

namespace crest::modules::auth {
using crest::auth::Rule;
namespace json = boost::json;

const std::vector<std::string>& roles() {
  static const std::vector<std::string> all{"Owner", "Admin", "Operator", "Pipeline", "Viewer"};
  return all;
}

bool is_role(std::string_view role) { return std::find(roles().begin(), roles().end(), role) != roles().end(); }

// Read top to bottom; within a role a later rule overrides an earlier one. Subjects: User (one's
// own profile), Session (one's tokens), Workspace, Member, Invitation, Company, Contact, Deal,
// Activity, Pipeline, AuditLog, Job, File.
crest::auth::Abilities abilities_for(std::string_view role, const std::string& user_id) {
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

  if (role == "Owner") {
    add({can("Manage", "all")});
  } else if (role == "Admin") {
    add({can("Manage", "all"),
         cannot("Delete", "Workspace"),
         cannot("Update", "Workspace", {"plan"})});  // billing stays with Owners
  } else if (role == "Operator") {
    add({can("Manage", "Company"), can("Manage", "Contact"), can("Manage", "Activity"),
         can("Create", "Deal"), can("Read", "Deal"), can("Update", "Deal"),
         can("Read", "Pipeline"), can("Create", "Job"), can("Read", "Job"), can("Read", "File")});
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
