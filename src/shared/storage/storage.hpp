#pragma once
// Where files live: a folder on local disk (LocalStorage, the embedded default) or an
// S3-compatible object store (S3Storage, CREST_STORAGE_URL=s3://...). Objects are written as a
// stream (ObjectWriter: a 10 MB export never sits whole in memory) and read as one (a sink gets
// the pieces). Every call blocks: run it on a worker thread, or through AsyncStorage from a
// coroutine.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace crest {
struct Config;
}

namespace crest::storage {

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// No object under that key.
class ObjectNotFound : public StorageError {
 public:
  using StorageError::StorageError;
};
// Worth another try later: a refused or dropped connection, a timeout, a 5xx or 429 from the
// store, a full disk.
class TemporaryStorageError : public StorageError {
 public:
  using StorageError::StorageError;
};
// The same call fails again: a bad key, a missing bucket, credentials the store refuses.
class PermanentStorageError : public StorageError {
 public:
  using StorageError::StorageError;
};

struct StoredObject {
  std::string key;
  std::uint64_t size = 0;
  std::string sha256;  // lower-case hex of the bytes written
};

// A write in progress. write() as often as needed, then finish(); a writer destroyed before
// finish() (an exception, a cancelled job) leaves no object and no partial upload behind.
class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;
  virtual void write(std::string_view bytes) = 0;
  // Makes the object visible under its key, whole (an earlier object there is replaced).
  virtual StoredObject finish() = 0;
};

// Receives an object's bytes in order, a piece at a time. Throwing stops the read.
using ByteSink = std::function<void(std::string_view piece)>;

struct DownloadOptions {
  std::string file_name;     // the name a browser saves it under
  std::string content_type;  // sent with the download
  std::chrono::seconds expires_in{300};
};

class Storage {
 public:
  virtual ~Storage() = default;
  // Keys are checked by check_object_key (PermanentStorageError otherwise).
  virtual std::unique_ptr<ObjectWriter> create(const std::string& key, const std::string& content_type) = 0;
  // Throws ObjectNotFound when there is none.
  virtual void read(const std::string& key, const ByteSink& sink) = 0;
  // At most `length` bytes from `offset` on (fewer at the object's end): what a reader that
  // resumes from a checkpoint, or holds one piece at a time, asks for.
  virtual void read_range(const std::string& key, std::uint64_t offset, std::uint64_t length, const ByteSink& sink) = 0;
  // Removing what is not there is not an error.
  virtual void remove(const std::string& key) = 0;
  // A URL the client downloads from directly, signed and short-lived (S3), or nullopt when the
  // API serves the bytes itself (local disk: see local_file).
  virtual std::optional<std::string> download_url(const std::string& key, const DownloadOptions& options) = 0;
  // The file holding the object, for a driver that keeps objects as files (local disk).
  virtual std::optional<std::filesystem::path> local_file(const std::string& key) = 0;
  // "local:var/files" or "s3://bucket at http://127.0.0.1:9000", for logs.
  virtual std::string describe() const = 0;
};

// A key is 1-512 bytes of [A-Za-z0-9._-] in '/'-separated segments, none empty, "." or "..":
// the same key names the same object on every driver, and none escapes the local root.
void check_object_key(std::string_view key);

// Writes `bytes` as one object (small objects; tests).
StoredObject put_object(Storage& storage, const std::string& key, std::string_view bytes,
                        const std::string& content_type);
// Reads a whole object, refusing one larger than `limit` bytes (PermanentStorageError).
std::string read_object(Storage& storage, const std::string& key, std::size_t limit);

// CREST_STORAGE_URL set: an S3Storage; unset: a LocalStorage under CREST_DATA_DIR/files.
std::unique_ptr<Storage> make_storage(const Config& config);

}  // namespace crest::storage
