#pragma once
// The header row of a contacts import, mapped to contact fields by name, case-, space- and
// punctuation-insensitively: "First Name", "first_name" and "FIRSTNAME" are all firstName.
#include <optional>
#include <string>
#include <vector>

namespace crest::modules::contacts {

struct ImportColumns {
  std::vector<std::optional<std::string>> field_of;  // per column: the contact field, or none
  std::vector<std::string> unknown;                  // the header names that map to no field
  // Why the header cannot be imported at all (no required column, a field named twice); empty when it can.
  std::string problem;
};

// The fields an import may set.
const std::vector<std::string>& importable_fields();

ImportColumns map_import_header(const std::vector<std::string>& header);

}  // namespace crest::modules::contacts
