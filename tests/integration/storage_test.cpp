// The storage contract on both drivers: the local folder, and S3Storage against the S3 server
// scripts/test starts (s3rver behind a front that checks every signature with the AWS SDK's
// signer: CREST_TEST_S3_URL, CREST_TEST_S3_ACCESS_KEY, CREST_TEST_S3_SECRET_KEY; skipped without
// them). Then what only S3 has: multipart uploads, presigned URLs a plain client can use, and
// the failures a store can answer with.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "core/util/hash.hpp"
#include "core/util/uuid.hpp"
#include "shared/storage/local_storage.hpp"
#include "shared/storage/s3_storage.hpp"
#include "support/loopback_socket.hpp"

namespace crest::storage {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::optional<S3Settings> s3_settings() {
  if (env("CREST_TEST_S3_URL").empty()) return std::nullopt;
  S3Settings settings;
  settings.location = S3Location::parse(env("CREST_TEST_S3_URL"));
  settings.credentials = {env("CREST_TEST_S3_ACCESS_KEY"), env("CREST_TEST_S3_SECRET_KEY"), ""};
  settings.timeout = 10s;
  settings.part_size = 5 * 1024 * 1024;
  return settings;
}

// Deterministic bytes that differ from one offset to the next.
std::string pattern(std::size_t size, std::size_t seed) {
  std::string out(size, '\0');
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (auto& c : out) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    c = static_cast<char>(x);
  }
  return out;
}

struct Fetched {
  long status = 0;
  std::string body;
  std::string headers;
};

// A plain GET without credentials, as a browser follows a download link.
Fetched fetch(const std::string& url) {
  Fetched out;
  CURL* h = curl_easy_init();
  auto append = +[](char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
  };
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, append);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &out.headers);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
  if (curl_easy_perform(h) == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
  curl_easy_cleanup(h);
  return out;
}

enum class Driver { Local, S3 };

class StorageContract : public ::testing::TestWithParam<Driver> {
 protected:
  void SetUp() override {
    prefix = "test-" + uuid_v7() + "/";
    if (GetParam() == Driver::Local) {
      root = fs::temp_directory_path() / ("crest-storage-" + uuid_v7());
      storage = std::make_unique<LocalStorage>(root);
      return;
    }
    auto settings = s3_settings();
    if (!settings) GTEST_SKIP() << "CREST_TEST_S3_URL is not set (scripts/test sets it)";
    storage = std::make_unique<S3Storage>(*settings);
  }
  void TearDown() override {
    if (!root.empty()) fs::remove_all(root);
  }

  std::string prefix;
  fs::path root;
  std::unique_ptr<Storage> storage;
};

TEST_P(StorageContract, WhatIsWrittenInPiecesReadsBackWholeWithItsDigest) {
  std::string whole = pattern(300'000, 1);
  auto writer = storage->create(prefix + "a.bin", "application/octet-stream");
  for (std::size_t at = 0; at < whole.size(); at += 7'000) writer->write(std::string_view(whole).substr(at, 7'000));
  StoredObject stored = writer->finish();
  EXPECT_EQ(stored.size, whole.size());
  EXPECT_EQ(stored.sha256, sha256_hex(whole));
  EXPECT_EQ(read_object(*storage, prefix + "a.bin", 1 << 20), whole);
}

TEST_P(StorageContract, ARangeReadGivesThoseBytesAndFewerAtTheEnd) {
  std::string whole = pattern(200'000, 4);
  put_object(*storage, prefix + "r.bin", whole, "application/octet-stream");
  auto range = [&](std::uint64_t offset, std::uint64_t length) {
    std::string got;
    storage->read_range(prefix + "r.bin", offset, length, [&](std::string_view piece) { got += piece; });
    return got;
  };
  EXPECT_EQ(range(0, 10), whole.substr(0, 10));
  EXPECT_EQ(range(123'456, 70'000), whole.substr(123'456, 70'000));
  EXPECT_EQ(range(199'990, 100), whole.substr(199'990)) << "fewer at the end";
  EXPECT_EQ(range(5, 0), "");
  EXPECT_THROW(storage->read_range(prefix + "none.bin", 0, 10, [](std::string_view) {}), ObjectNotFound);
}

TEST_P(StorageContract, AnEmptyObjectIsAnObject) {
  StoredObject stored = put_object(*storage, prefix + "empty.csv", "", "text/csv");
  EXPECT_EQ(stored.size, 0u);
  EXPECT_EQ(read_object(*storage, prefix + "empty.csv", 10), "");
}

TEST_P(StorageContract, AWriterDroppedBeforeFinishLeavesNoObject) {
  {
    auto writer = storage->create(prefix + "dropped.bin", "application/octet-stream");
    writer->write(pattern(100'000, 2));
  }
  EXPECT_THROW(read_object(*storage, prefix + "dropped.bin", 1 << 20), ObjectNotFound);
}

TEST_P(StorageContract, ASecondWriteReplacesAndRemoveForgets) {
  put_object(*storage, prefix + "k.txt", "first", "text/plain");
  put_object(*storage, prefix + "k.txt", "second", "text/plain");
  EXPECT_EQ(read_object(*storage, prefix + "k.txt", 100), "second");
  storage->remove(prefix + "k.txt");
  EXPECT_THROW(read_object(*storage, prefix + "k.txt", 100), ObjectNotFound);
  EXPECT_NO_THROW(storage->remove(prefix + "k.txt"));
  EXPECT_THROW(read_object(*storage, prefix + "never-written", 100), ObjectNotFound);
}

TEST_P(StorageContract, ASinkThatThrowsStopsTheReadWithItsOwnError) {
  put_object(*storage, prefix + "big.bin", pattern(2'000'000, 3), "application/octet-stream");
  std::size_t seen = 0;
  EXPECT_THROW(storage->read(prefix + "big.bin",
                             [&](std::string_view piece) {
                               seen += piece.size();
                               if (seen > 100'000) throw std::length_error("enough");
                             }),
               std::length_error);
  EXPECT_LT(seen, 2'000'000u);
}

TEST_P(StorageContract, KeysThatCouldEscapeAreRefusedBeforeAnyRequest) {
  for (const char* key : {"../x", "/x", "a//b", ".hidden", "a b"}) {
    EXPECT_THROW(storage->create(key, "text/plain"), PermanentStorageError) << key;
    EXPECT_THROW(storage->read(key, [](std::string_view) {}), PermanentStorageError) << key;
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, StorageContract, ::testing::Values(Driver::Local, Driver::S3),
                         [](const auto& info) { return info.param == Driver::Local ? "Local" : "S3"; });

class S3StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto found = s3_settings();
    if (!found) GTEST_SKIP() << "CREST_TEST_S3_URL is not set (scripts/test sets it)";
    settings = *found;
    storage = std::make_unique<S3Storage>(settings);
    prefix = "test-" + uuid_v7() + "/";
  }
  S3Settings settings;
  std::unique_ptr<S3Storage> storage;
  std::string prefix;
};

// 12 MiB in 5 MiB parts: three parts, one of them short, read back byte for byte.
TEST_F(S3StorageTest, LargeObjectsGoUpInPartsAndComeBackWhole) {
  std::string whole = pattern(12 * 1024 * 1024, 4);
  auto writer = storage->create(prefix + "large.bin", "application/octet-stream");
  for (std::size_t at = 0; at < whole.size(); at += 64 * 1024)
    writer->write(std::string_view(whole).substr(at, 64 * 1024));
  StoredObject stored = writer->finish();
  EXPECT_EQ(stored.sha256, sha256_hex(whole));
  Sha256 read_digest;
  std::uint64_t read_size = 0;
  storage->read(prefix + "large.bin", [&](std::string_view piece) {
    read_digest.update(piece);
    read_size += piece.size();
  });
  EXPECT_EQ(read_size, whole.size());
  EXPECT_EQ(read_digest.hex(), stored.sha256);
}

TEST_F(S3StorageTest, AMultipartUploadDroppedHalfWayLeavesNoObject) {
  {
    auto writer = storage->create(prefix + "half.bin", "application/octet-stream");
    writer->write(pattern(6 * 1024 * 1024, 5));  // one part already sent
  }
  EXPECT_THROW(read_object(*storage, prefix + "half.bin", 1 << 24), ObjectNotFound);
}

TEST_F(S3StorageTest, APresignedUrlDownloadsWithoutCredentialsUntilItExpires) {
  put_object(*storage, prefix + "export.csv", "name\r\nAcme\r\n", "text/csv");
  auto url = storage->download_url(prefix + "export.csv", {"companies 2026-12-02.csv", "text/csv", 60s});
  ASSERT_TRUE(url.has_value());
  Fetched ok = fetch(*url);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.body, "name\r\nAcme\r\n");
  EXPECT_NE(ok.headers.find("attachment; filename=\"companies 2026-12-02.csv\""), std::string::npos) << ok.headers;

  std::string tampered = *url;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(fetch(tampered).status, 403);
  std::string unsigned_url = url->substr(0, url->find('?'));
  EXPECT_EQ(fetch(unsigned_url).status, 403);

  // Signed an hour ago for a minute: expired.
  std::string expired = presigned_get_url(settings.location, settings.credentials, prefix + "export.csv", 60s,
                                          std::chrono::system_clock::now() - 1h);
  EXPECT_EQ(fetch(expired).status, 403);
}

TEST_F(S3StorageTest, AWrongSecretIsRefusedForGood) {
  S3Settings wrong = settings;
  wrong.credentials.secret_key += "x";
  S3Storage refused(wrong);
  try {
    put_object(refused, prefix + "x.txt", "x", "text/plain");
    FAIL() << "a wrong secret was accepted";
  } catch (const PermanentStorageError& e) {
    EXPECT_NE(std::string(e.what()).find("SignatureDoesNotMatch"), std::string::npos) << e.what();
  }
}

TEST_F(S3StorageTest, AMissingBucketIsPermanent) {
  S3Settings elsewhere = settings;
  elsewhere.location.bucket = "no-such-bucket-" + uuid_v7().substr(0, 8);
  S3Storage missing(elsewhere);
  EXPECT_THROW(put_object(missing, "x.txt", "x", "text/plain"), PermanentStorageError);
}

TEST_F(S3StorageTest, ARefusedConnectionIsTemporaryAfterItsRetries) {
  testing::LoopbackSocket closed(false);
  S3Settings down = settings;
  down.location.host = "127.0.0.1:" + std::to_string(closed.port());
  down.attempts = 2;
  closed.close();
  S3Storage unreachable(down);
  EXPECT_THROW(put_object(unreachable, "x.txt", "x", "text/plain"), TemporaryStorageError);
  EXPECT_THROW(read_object(unreachable, "x.txt", 10), TemporaryStorageError);
}

TEST_F(S3StorageTest, AServerThatNeverAnswersTimesOut) {
  testing::LoopbackSocket silent(true);
  S3Settings hung = settings;
  hung.location.host = "127.0.0.1:" + std::to_string(silent.port());
  hung.timeout = 1s;
  hung.attempts = 1;
  S3Storage stalled(hung);
  EXPECT_THROW(read_object(stalled, "x.txt", 10), TemporaryStorageError);
}

}  // namespace
}  // namespace crest::storage
