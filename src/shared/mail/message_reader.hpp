#pragma once
// Reads back what render_message writes (for tests, and tools that show a saved .eml): unfolded
// headers, encoded-words decoded, and the text and HTML bodies decoded from quoted-printable or
// base64, one part or multipart/alternative. Not a general MIME parser.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crest::mail {

struct ReadMessage {
  std::vector<std::pair<std::string, std::string>> headers;  // raw values, unfolded
  std::string text;                                          // decoded text/plain
  std::optional<std::string> html;                           // decoded text/html

  // The first header of that name (any case), encoded-words decoded; nullopt when absent.
  std::optional<std::string> header(std::string_view name) const;
};

// Throws std::invalid_argument when the text has no header/body separator.
ReadMessage read_message(std::string_view text);

}  // namespace crest::mail
