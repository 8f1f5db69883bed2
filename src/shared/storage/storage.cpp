#include "shared/storage/storage.hpp"

#include <fmt/format.h>

#include "core/config/config.hpp"
#include "shared/storage/local_storage.hpp"
#include "shared/storage/s3_storage.hpp"

namespace crest::storage {

void check_object_key(std::string_view key) {
  auto refuse = [&](std::string_view why) {
    throw PermanentStorageError(fmt::format("the object key \"{}\" {}", key.substr(0, 80), why));
  };
  if (key.empty() || key.size() > 512) refuse("must be 1 to 512 bytes");
  std::size_t segment_start = 0;
  for (std::size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == '/') {
      std::string_view segment = key.substr(segment_start, i - segment_start);
      if (segment.empty() || segment == "." || segment == "..") refuse("has an empty, \".\" or \"..\" segment");
      if (segment.front() == '.') refuse("has a segment starting with '.' (hidden, or a write in progress)");
      segment_start = i + 1;
      continue;
    }
    char c = key[i];
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                   c == '_' || c == '-';
    if (!allowed) refuse("may hold only letters, digits, '.', '_', '-' and '/'");
  }
}

StoredObject put_object(Storage& storage, const std::string& key, std::string_view bytes,
                        const std::string& content_type) {
  auto writer = storage.create(key, content_type);
  writer->write(bytes);
  return writer->finish();
}

std::string read_object(Storage& storage, const std::string& key, std::size_t limit) {
  std::string out;
  storage.read(key, [&](std::string_view piece) {
    if (out.size() + piece.size() > limit)
      throw PermanentStorageError(fmt::format("the object {} is larger than {} bytes", key, limit));
    out.append(piece);
  });
  return out;
}

std::unique_ptr<Storage> make_storage(const Config& config) {
  if (config.storage_url.empty()) return std::make_unique<LocalStorage>(std::filesystem::path(config.data_dir) / "files");
  S3Settings settings;
  try {
    settings.location = S3Location::parse(config.storage_url);
  } catch (const std::invalid_argument& e) {
    throw ConfigError("CREST_STORAGE_URL", e.what());
  }
  settings.credentials = {config.storage_access_key, config.storage_secret_key, config.storage_session_token};
  settings.timeout = config.storage_timeout;
  if (settings.credentials.access_key.empty() || settings.credentials.secret_key.empty())
    throw ConfigError("AWS_ACCESS_KEY_ID", "and AWS_SECRET_ACCESS_KEY must be set with an s3:// CREST_STORAGE_URL");
  return std::make_unique<S3Storage>(std::move(settings));
}

}  // namespace crest::storage
