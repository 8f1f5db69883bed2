#pragma once
#include <string>

namespace crest {

// Outside production an unset JWT_SECRET is generated once (48 random bytes, hex) and kept in
// DATA_DIR/jwt-secret with mode 0600, so tokens survive restarts with zero setup.
std::string load_or_create_secret(const std::string& data_dir, const std::string& name);

}  // namespace crest
