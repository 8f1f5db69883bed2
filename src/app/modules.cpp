// The list of modules: adding a feature means adding a line here.
#include "app/application.hpp"
#include "core/ops/operational_routes.hpp"
#include "modules/activities/activities_module.hpp"
#include "modules/audit/audit_module.hpp"
#include "modules/auth/auth_module.hpp"
#include "modules/companies/companies_module.hpp"
#include "modules/contacts/contacts_module.hpp"
#include "modules/deals/deals_module.hpp"
#include "modules/files/files_module.hpp"
#include "modules/jobs/jobs_module.hpp"
#include "modules/mail/mail_module.hpp"
#include "modules/system/system_module.hpp"
#include "modules/workspaces/workspaces_module.hpp"

namespace crest::app {

std::vector<std::unique_ptr<Module>> product_modules() {
  std::vector<std::unique_ptr<Module>> modules;
  modules.push_back(std::make_unique<OperationalModule>(Application::api_info()));
  modules.push_back(std::make_unique<modules::SystemModule>());
  modules.push_back(std::make_unique<modules::AuthModule>());
  modules.push_back(std::make_unique<modules::MailModule>());
  modules.push_back(std::make_unique<modules::WorkspacesModule>());
  modules.push_back(std::make_unique<modules::CompaniesModule>());
  modules.push_back(std::make_unique<modules::ContactsModule>());
  modules.push_back(std::make_unique<modules::DealsModule>());
  modules.push_back(std::make_unique<modules::ActivitiesModule>());
  modules.push_back(std::make_unique<modules::AuditModule>());
  modules.push_back(std::make_unique<modules::JobsModule>());
  modules.push_back(std::make_unique<modules::FilesModule>());
  return modules;
}

}  // namespace crest::app
