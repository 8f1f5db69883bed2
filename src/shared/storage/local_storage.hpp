#pragma once
// Objects as files under one folder (CREST_DATA_DIR/files by default): a key is a relative path.
// A write goes to a hidden temporary file beside its target, is flushed to disk and renamed over
// it, so a reader sees the old object or the whole new one, never a part.
#include <filesystem>

#include "shared/storage/storage.hpp"

namespace crest::storage {

class LocalStorage final : public Storage {
 public:
  explicit LocalStorage(std::filesystem::path root);
  std::unique_ptr<ObjectWriter> create(const std::string& key, const std::string& content_type) override;
  void read(const std::string& key, const ByteSink& sink) override;
  void read_range(const std::string& key, std::uint64_t offset, std::uint64_t length, const ByteSink& sink) override;
  void remove(const std::string& key) override;
  std::optional<std::string> download_url(const std::string& key, const DownloadOptions& options) override;
  std::optional<std::filesystem::path> local_file(const std::string& key) override;
  std::string describe() const override;

 private:
  std::filesystem::path path_of(const std::string& key) const;
  std::filesystem::path root_;
};

}  // namespace crest::storage
