#pragma once
// Objects in an S3-compatible store (AWS S3, MinIO, s3rver ...) over libcurl, every request signed
// with AWS Signature V4 (CURLOPT_AWS_SIGV4). An object up to `part_size` goes up in one PUT;
// a larger one as a multipart upload, one part in memory at a time, aborted if the writer is
// dropped. Every request has a connect timeout and a stall timeout and is retried on a refused
// connection, a timeout, 429 or 5xx (a read only while no byte has reached the sink).
#include <chrono>
#include <cstddef>

#include "shared/storage/s3_location.hpp"
#include "shared/storage/s3_presign.hpp"
#include "shared/storage/storage.hpp"

namespace crest::storage {

struct S3Settings {
  S3Location location;
  S3Credentials credentials;
  // To connect, and the longest a transfer may go without moving a byte.
  std::chrono::milliseconds timeout{30'000};
  std::size_t part_size = 8 * 1024 * 1024;  // S3 wants 5 MiB or more for every part but the last
  int attempts = 3;
};

class S3Storage final : public Storage {
 public:
  // Throws std::invalid_argument for a part size below 5 MiB or credentials missing.
  explicit S3Storage(S3Settings settings);
  std::unique_ptr<ObjectWriter> create(const std::string& key, const std::string& content_type) override;
  void read(const std::string& key, const ByteSink& sink) override;
  void read_range(const std::string& key, std::uint64_t offset, std::uint64_t length, const ByteSink& sink) override;
  void remove(const std::string& key) override;
  std::optional<std::string> download_url(const std::string& key, const DownloadOptions& options) override;
  std::optional<std::filesystem::path> local_file(const std::string& key) override;
  std::string describe() const override;

 private:
  S3Settings settings_;
};

}  // namespace crest::storage
