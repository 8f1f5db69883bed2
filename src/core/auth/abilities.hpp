#pragma once
// Abilities, as CASL has them: rules {action, subject, conditions?, fields?, inverted?} built from
// a member's role. Later rules take precedence; `Manage` means any action and `all` any subject.
//
//   can(Read, "Company")                -> may read some company (conditional rules count)
//   can(Update, "Deal", deal_json)      -> may update this deal (conditions checked)
//   sql_filter(Read, "Deal", columns)   -> a WHERE fragment so a list holds only readable rows
//
// The JSON form (to_casl_json) loads into @casl/ability with
// createMongoAbility(rules, {anyAction: "Manage", anySubjectType: "all"}).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/db/result.hpp"

namespace crest::auth {

namespace action {
inline constexpr std::string_view Manage = "Manage";
inline constexpr std::string_view Create = "Create";
inline constexpr std::string_view Read = "Read";
inline constexpr std::string_view Update = "Update";
inline constexpr std::string_view Delete = "Delete";
}  // namespace action

inline constexpr std::string_view kAnySubject = "all";

struct Rule {
  std::string action;
  std::string subject;
  // Field -> expected value, or {"$in": [..]} / {"$ne": v}; empty means unconditional.
  boost::json::object conditions;
  std::vector<std::string> fields;  // empty means every field
  bool inverted = false;
};

// API field -> SQL column for the fields conditions may name, e.g. {"ownerId", "owner_id"}.
using ConditionColumns = std::vector<std::pair<std::string, std::string>>;

struct SqlFilter {
  std::string sql;    // "TRUE", "FALSE", or a parenthesised condition using $first.. placeholders
  db::Params params;  // to append after the statement's own parameters
};

class Abilities {
 public:
  Abilities() = default;
  explicit Abilities(std::vector<Rule> rules) : rules_(std::move(rules)) {}

  const std::vector<Rule>& rules() const noexcept { return rules_; }

  // On the subject type: true when some rule could allow it.
  bool can(std::string_view action, std::string_view subject) const;
  // On a resource (its fields in API naming); optionally on one field of it.
  bool can(std::string_view action, std::string_view subject, const boost::json::object& resource,
           std::string_view field = {}) const;
  // False when `action` is allowed on every row of subject (sql_filter would be TRUE): the rows
  // need no checking one by one.
  bool restricted(std::string_view action, std::string_view subject) const;
  // The fields among `changed` that the caller may not `action` on this resource.
  std::vector<std::string> forbidden_fields(std::string_view action, std::string_view subject,
                                            const boost::json::object& resource,
                                            const std::vector<std::string>& changed) const;

  // The rows of `subject` the caller may `action`, as SQL. Placeholders start at $first_placeholder.
  // Throws std::logic_error when a condition names a field missing from `columns`.
  SqlFilter sql_filter(std::string_view action, std::string_view subject, const ConditionColumns& columns,
                       std::size_t first_placeholder) const;

  boost::json::array to_casl_json() const;
  // The inverse of to_casl_json; throws std::invalid_argument on a malformed rule.
  static Abilities from_casl_json(const boost::json::array& rules);

 private:
  // Rules for action and subject (and field, when given), highest precedence first.
  std::vector<const Rule*> relevant(std::string_view action, std::string_view subject,
                                    std::optional<std::string_view> field) const;
  std::vector<Rule> rules_;
};

// Throws Forbidden unless the caller may `action` the resource; BadRequest naming the fields it
// may not change when only some are allowed.
void authorize(const Abilities& abilities, std::string_view action, std::string_view subject,
               const boost::json::object& resource, const std::vector<std::string>& changed_fields = {});

}  // namespace crest::auth
