#include "modules/contacts/contact_schema.hpp"

#include "modules/activities/activity_schema.hpp"
#include "modules/auth/auth_schema.hpp"
#include "modules/companies/company_schema.hpp"

namespace crest::modules::contacts::contracts {
using namespace crest::schema;

namespace {
Schema person_name() { return string().trim().min(1).max(100); }
Schema email() { return string().trim().max(254).email(); }
Schema phone() { return string().trim().max(40).regex(R"(^[+0-9 ().-]{3,40}$)", "Digits, spaces and + ( ) . -").example("+1 555 0100"); }
Schema title() { return string().trim().max(100); }

std::vector<Field> body_fields(bool all_optional) {
  auto required = [&](Schema s) { return all_optional ? s.optional() : s; };
  return {
      {"firstName", required(person_name())},
      {"lastName", required(person_name())},
      {"email", email().nullable().optional()},
      {"phone", phone().nullable().optional()},
      {"title", title().nullable().optional()},
      {"companyId", string().uuid().nullable().optional()},
      {"ownerId", string().uuid().nullable().optional().describe("A member of the workspace; the caller by default")},
  };
}
}  // namespace

const Schema& create_contact() {
  static const Schema s = object(body_fields(false)).name("CreateContact");
  return s;
}

const Schema& update_contact() {
  static const Schema s = object(body_fields(true)).name("UpdateContact");
  return s;
}

const Schema& contact_params() {
  static const Schema s = object({{"id", string().uuid()}});
  return s;
}

std::vector<Field> list_filters() {
  return {
      {"search", string().trim().max(200).optional().describe("Case-insensitive, in names and email")},
      {"companyId", string().uuid().optional()},
      {"ownerId", string().uuid().optional()},
  };
}

const Schema& contact_ref() {
  static const Schema s = object({{"id", string().uuid()}, {"fullName", string().max(201)}}).name("ContactRef");
  return s;
}

const Schema& contact_view() {
  static const Schema s = [] {
    return object({
        {"id", string().uuid()},
        {"firstName", string().max(100)},
        {"lastName", string().max(100)},
        {"fullName", string().max(201)},
        {"email", string().max(254).nullable()},
        {"phone", string().max(40).nullable()},
        {"title", string().max(100).nullable()},
        {"company", companies::contracts::company_ref().nullable()},
        {"owner", auth::contracts::user_summary().nullable()},
        {"lastActivity", activities::contracts::last_activity()},
        {"createdAt", datetime()},
        {"updatedAt", datetime()},
    }).name("ContactView");
  }();
  return s;
}

}  // namespace crest::modules::contacts::contracts
