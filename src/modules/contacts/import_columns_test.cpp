#include "modules/contacts/import_columns.hpp"

#include <gtest/gtest.h>

namespace crest::modules::contacts {
namespace {

TEST(ImportColumns, NamesMatchWhateverTheirCaseSpacesAndPunctuation) {
  auto columns = map_import_header({"First Name", "last_name", "EMAIL", "Phone", "job", "company-id"});
  EXPECT_TRUE(columns.problem.empty()) << columns.problem;
  ASSERT_EQ(columns.field_of.size(), 6u);
  EXPECT_EQ(columns.field_of[0], "firstName");
  EXPECT_EQ(columns.field_of[1], "lastName");
  EXPECT_EQ(columns.field_of[2], "email");
  EXPECT_EQ(columns.field_of[3], "phone");
  EXPECT_FALSE(columns.field_of[4]);
  EXPECT_EQ(columns.field_of[5], "companyId");
  EXPECT_EQ(columns.unknown, std::vector<std::string>{"job"});
}

TEST(ImportColumns, AHeaderWithoutAKnownOrARequiredColumnOrWithATwiceNamedOneIsAProblem) {
  EXPECT_EQ(map_import_header({"foo", "bar"}).problem,
            "The header row names no contact field (it may name firstName, lastName, email, phone, title, companyId)");
  EXPECT_EQ(map_import_header({"firstName", "email"}).problem,
            "The header row has no lastName column, which every contact needs");
  EXPECT_EQ(map_import_header({"firstName", "lastName", "First Name"}).problem, "Two columns of the header name firstName");
}

}  // namespace
}  // namespace crest::modules::contacts
