#include "shared/storage/local_storage.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "core/util/hash.hpp"
#include "core/util/uuid.hpp"

namespace crest::storage {
namespace fs = std::filesystem;

namespace {

std::string failure(std::string_view what, const fs::path& path, int error) {
  return fmt::format("{} {}: {}", what, path.string(), std::strerror(error));
}

// ENOSPC, EIO and the like may pass; a path that cannot be made will not.
[[noreturn]] void throw_io(std::string_view what, const fs::path& path, int error) {
  if (error == ENOENT) throw ObjectNotFound(failure(what, path, error));
  if (error == EACCES || error == EPERM || error == ENAMETOOLONG || error == ENOTDIR || error == EISDIR ||
      error == EROFS)
    throw PermanentStorageError(failure(what, path, error));
  throw TemporaryStorageError(failure(what, path, error));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void sync_directory(const fs::path& directory) {
  Fd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

class LocalWriter final : public ObjectWriter {
 public:
  LocalWriter(std::string key, fs::path target) : key_(std::move(key)), target_(std::move(target)) {
    std::error_code ec;
    fs::create_directories(target_.parent_path(), ec);
    if (ec) throw_io("cannot make the folder for", target_, ec.value());
    temporary_ = target_.parent_path() / ("." + target_.filename().string() + "." + uuid_v7() + ".partial");
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd_ < 0) throw_io("cannot create", temporary_, errno);
  }
  ~LocalWriter() override {
    if (fd_ >= 0) ::close(fd_);
    if (!finished_) ::unlink(temporary_.c_str());
  }

  void write(std::string_view bytes) override {
    if (finished_) throw std::logic_error("ObjectWriter::write after finish");
    digest_.update(bytes);
    size_ += bytes.size();
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_io("cannot write", temporary_, errno);
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  StoredObject finish() override {
    if (finished_) throw std::logic_error("ObjectWriter::finish twice");
    if (::fsync(fd_) != 0) throw_io("cannot flush", temporary_, errno);
    if (::close(std::exchange(fd_, -1)) != 0) throw_io("cannot close", temporary_, errno);
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) throw_io("cannot rename into", target_, errno);
    finished_ = true;
    sync_directory(target_.parent_path());
    return {key_, size_, digest_.hex()};
  }

 private:
  std::string key_;
  fs::path target_, temporary_;
  int fd_ = -1;
  bool finished_ = false;
  std::uint64_t size_ = 0;
  Sha256 digest_;
};

}  // namespace

LocalStorage::LocalStorage(fs::path root) : root_(std::move(root)) {}

fs::path LocalStorage::path_of(const std::string& key) const {
  check_object_key(key);
  return root_ / key;
}

std::unique_ptr<ObjectWriter> LocalStorage::create(const std::string& key, const std::string&) {
  return std::make_unique<LocalWriter>(key, path_of(key));
}

void LocalStorage::read(const std::string& key, const ByteSink& sink) {
  fs::path path = path_of(key);
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw_io("cannot open", path, errno);
  std::string buffer(64 * 1024, '\0');
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_io("cannot read", path, errno);
    if (n == 0) return;
    sink(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
}

void LocalStorage::read_range(const std::string& key, std::uint64_t offset, std::uint64_t length,
                              const ByteSink& sink) {
  fs::path path = path_of(key);
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw_io("cannot open", path, errno);
  std::string buffer(64 * 1024, '\0');
  while (length > 0) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length, buffer.size()));
    ssize_t n = ::pread(fd.get(), buffer.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_io("cannot read", path, errno);
    if (n == 0) return;
    sink(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    offset += static_cast<std::uint64_t>(n);
    length -= static_cast<std::uint64_t>(n);
  }
}

void LocalStorage::remove(const std::string& key) {
  fs::path path = path_of(key);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw_io("cannot remove", path, errno);
}

std::optional<std::string> LocalStorage::download_url(const std::string& key, const DownloadOptions&) {
  check_object_key(key);
  return std::nullopt;
}

std::optional<fs::path> LocalStorage::local_file(const std::string& key) { return path_of(key); }

std::string LocalStorage::describe() const { return "local:" + root_.string(); }

}  // namespace crest::storage
