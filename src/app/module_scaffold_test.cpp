#include "app/module_scaffold.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "core/util/embedded.hpp"

namespace crest::app {
namespace {
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void spit(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// The smallest tree scaffold_module accepts: a module registry and both migration folders.
class ScaffoldTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("crest-scaffold-unit-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    spit(root / "src/app/modules.cpp",
         "#include \"app/application.hpp\"\n#include \"modules/auth/auth_module.hpp\"\n"
         "#include \"modules/workspaces/workspaces_module.hpp\"\n\nstd::vector<M> product_modules() {\n"
         "  std::vector<M> modules;\n  modules.push_back(a);\n  return modules;\n}\n");
    spit(root / "migrations/sqlite/0001_workspaces.sql", "CREATE TABLE workspaces (id TEXT);\n");
    spit(root / "migrations/postgres/0001_workspaces.sql", "CREATE TABLE workspaces (id text);\n");
    spit(root / "migrations/sqlite/0007_audit.sql", "CREATE TABLE audit_logs (id TEXT);\n");
    fs::create_directories(root / "src/modules/auth");
    fs::create_directories(root / "tests/e2e");
  }
  void TearDown() override { fs::remove_all(root); }
  // Every file under the root with its contents, to show that a refusal changed nothing.
  std::map<std::string, std::string> snapshot() const {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file()) files[entry.path().string()] = slurp(entry.path());
    return files;
  }
  fs::path root;
};

TEST(ModuleNames, SingularsAndEverySpellingTheTemplatesUse) {
  EXPECT_EQ(module_names("tickets").singular, "ticket");
  EXPECT_EQ(module_names("categories").singular, "category");
  EXPECT_EQ(module_names("addresses").singular, "address");
  EXPECT_EQ(module_names("boxes").singular, "box");
  EXPECT_EQ(module_names("news", "news_item").singular, "news_item");
  auto values = module_names("support_tickets").placeholders();
  EXPECT_EQ(values.at("Name"), "SupportTickets");
  EXPECT_EQ(values.at("Singular"), "SupportTicket");
  EXPECT_EQ(values.at("route"), "support-tickets");
  EXPECT_EQ(values.at("label"), "support tickets");
  EXPECT_EQ(values.at("label_singular"), "support ticket");
  EXPECT_EQ(values.at("Title"), "Support tickets");
}

TEST(ModuleNames, RefusesWhatWouldNotCompileOrRoute) {
  for (const std::string& bad : std::vector<std::string>{"", "Tickets", "support-tickets", "9lives", "tickets_", "a__b", "delete", "class",
                          "x; rm -rf /", "common", "schema", std::string(41, 'a')})
    EXPECT_THROW(module_names(bad), ScaffoldError) << bad;
  EXPECT_THROW(module_names("staff"), ScaffoldError);  // no plural: --singular is needed
  EXPECT_NO_THROW(module_names("staff", "staff_member"));
  EXPECT_THROW(module_names("tickets", "Ticket"), ScaffoldError);
}

TEST(RenderTemplate, ReplacesKnownPlaceholdersAndLeavesOtherAtSigns) {
  std::map<std::string, std::string> values{{"name", "tickets"}, {"Name", "Tickets"}};
  EXPECT_EQ(render_template("@Name@Module /@name@ ann@example.com @other@ @", values),
            "TicketsModule /tickets ann@example.com @other@ @");
}

TEST(RenderTemplate, EveryEmbeddedTemplateIsFullyRendered) {
  auto values = module_names("support_tickets").placeholders();
  std::regex leftover("@(" "name|singular|Name|Singular|route|label|label_singular|Title" ")@");
  int templates = 0;
  for (const auto& file : embedded_files()) {
    if (!file.path.starts_with("templates/module/")) continue;
    ++templates;
    std::string text = render_template(file.content, values);
    EXPECT_FALSE(std::regex_search(text, leftover)) << file.path;
    EXPECT_EQ(text.find("@"), text.find("@example.com")) << file.path << " has an unknown @placeholder@";
  }
  EXPECT_EQ(templates, 15);
}

TEST_F(ScaffoldTree, WritesTheModuleMigrationsAndTestsAndRegistersIt) {
  auto result = scaffold_module(root, module_names("support_tickets"));
  EXPECT_EQ(result.written.size(), 15u);
  for (const auto& file : result.written) EXPECT_TRUE(fs::exists(root / file)) << file;
  EXPECT_TRUE(fs::exists(root / "migrations/sqlite/0008_support_tickets.sql"));  // after the highest
  EXPECT_TRUE(fs::exists(root / "migrations/postgres/0008_support_tickets.sql"));
  EXPECT_TRUE(fs::exists(root / "src/modules/support_tickets/queries/list.sql"));
  EXPECT_TRUE(fs::exists(root / "tests/e2e/support_tickets_test.cpp"));
  std::string service = slurp(root / "src/modules/support_tickets/support_tickets_service.cpp");
  EXPECT_NE(service.find("SupportTicketsService::create"), std::string::npos);
  EXPECT_NE(slurp(root / "src/modules/support_tickets/support_tickets_module.cpp").find("\"/api/v1\", \"Support tickets\""),
            std::string::npos);
  EXPECT_NE(slurp(root / "src/modules/support_tickets/support_tickets_module.cpp").find("api.get(\"/support-tickets/:id\")"),
            std::string::npos);
  EXPECT_EQ(slurp(root / "src/app/modules.cpp"),
            "#include \"app/application.hpp\"\n#include \"modules/auth/auth_module.hpp\"\n"
            "#include \"modules/support_tickets/support_tickets_module.hpp\"\n"
            "#include \"modules/workspaces/workspaces_module.hpp\"\n\nstd::vector<M> product_modules() {\n"
            "  std::vector<M> modules;\n  modules.push_back(a);\n"
            "  modules.push_back(std::make_unique<modules::SupportTicketsModule>());\n  return modules;\n}\n");
}

TEST_F(ScaffoldTree, RefusesAnExistingModuleOrTableAndWritesNothing) {
  fs::create_directories(root / "src/modules/tickets");
  spit(root / "tests/e2e/widgets_test.cpp", "// someone's own test\n");
  auto before = snapshot();
  EXPECT_THROW(scaffold_module(root, module_names("tickets")), ScaffoldError);
  EXPECT_THROW(scaffold_module(root, module_names("workspaces")), ScaffoldError);  // a table of 0001
  EXPECT_THROW(scaffold_module(root, module_names("widgets")), ScaffoldError);     // its test file exists
  EXPECT_EQ(snapshot(), before);
}

TEST_F(ScaffoldTree, RefusesATreeThatIsNotCrests) {
  fs::remove(root / "src/app/modules.cpp");
  try {
    scaffold_module(root, module_names("tickets"));
    FAIL() << "no refusal";
  } catch (const ScaffoldError& e) {
    EXPECT_NE(std::string(e.what()).find("src/app/modules.cpp"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(root / "src/modules/tickets"));
}

}  // namespace
}  // namespace crest::app
