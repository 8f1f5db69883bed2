#include "shared/storage/local_storage.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/util/hash.hpp"
#include "core/util/uuid.hpp"

namespace crest::storage {
namespace {
namespace fs = std::filesystem;

class LocalStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("crest-storage-" + uuid_v7());
    storage = std::make_unique<LocalStorage>(root);
  }
  void TearDown() override { fs::remove_all(root); }

  // Every file under the root, hidden ones included.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    if (!fs::exists(root)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file()) out.push_back(fs::relative(entry.path(), root).string());
    return out;
  }

  fs::path root;
  std::unique_ptr<LocalStorage> storage;
};

TEST_F(LocalStorageTest, AnObjectWrittenInPiecesReadsBackWithItsSizeAndDigest) {
  std::string whole;
  auto writer = storage->create("ws/exports/a.csv", "text/csv");
  for (int i = 0; i < 1000; ++i) {
    std::string piece = "line " + std::to_string(i) + ",\"quoted\"\r\n";
    writer->write(piece);
    whole += piece;
  }
  EXPECT_TRUE(files().size() == 1 && files()[0].find(".partial") != std::string::npos) << "nothing visible before finish";
  StoredObject stored = writer->finish();
  EXPECT_EQ(stored.key, "ws/exports/a.csv");
  EXPECT_EQ(stored.size, whole.size());
  EXPECT_EQ(stored.sha256, sha256_hex(whole));
  EXPECT_EQ(read_object(*storage, "ws/exports/a.csv", 1 << 20), whole);
  EXPECT_EQ(files(), std::vector<std::string>{"ws/exports/a.csv"});
  EXPECT_EQ(storage->local_file("ws/exports/a.csv"), root / "ws/exports/a.csv");
  EXPECT_FALSE(storage->download_url("ws/exports/a.csv", {}).has_value());
}

TEST_F(LocalStorageTest, AWriterDroppedBeforeFinishLeavesNothing) {
  put_object(*storage, "k/old.txt", "the old object", "text/plain");
  {
    auto writer = storage->create("k/old.txt", "text/plain");
    writer->write("half of a new obj");
  }
  EXPECT_EQ(read_object(*storage, "k/old.txt", 100), "the old object");
  EXPECT_EQ(files(), std::vector<std::string>{"k/old.txt"});
}

TEST_F(LocalStorageTest, AnotherWriteReplacesTheObjectWhole) {
  put_object(*storage, "k", "first", "text/plain");
  put_object(*storage, "k", "second, longer", "text/plain");
  EXPECT_EQ(read_object(*storage, "k", 100), "second, longer");
}

TEST_F(LocalStorageTest, MissingObjectsAndRemoval) {
  EXPECT_THROW(read_object(*storage, "nope", 10), ObjectNotFound);
  EXPECT_NO_THROW(storage->remove("nope"));
  put_object(*storage, "a/b", "x", "text/plain");
  storage->remove("a/b");
  EXPECT_THROW(read_object(*storage, "a/b", 10), ObjectNotFound);
}

TEST_F(LocalStorageTest, ReadingMoreThanTheLimitStops) {
  put_object(*storage, "big", std::string(200'000, 'x'), "text/plain");
  EXPECT_THROW(read_object(*storage, "big", 100'000), PermanentStorageError);
}

TEST(ObjectKeys, OnlyPlainRelativePaths) {
  for (const char* key : {"a", "ws-1/exports/2026_12.csv", "A.B/c-d_e"}) EXPECT_NO_THROW(check_object_key(key)) << key;
  std::string long_key(513, 'a');
  for (std::string key : {std::string(), long_key, std::string("../etc/passwd"), std::string("/abs"), std::string("a//b"),
                          std::string("a/"), std::string("a/./b"), std::string("a/../b"), std::string(".hidden"),
                          std::string("a/.x.partial"), std::string("a b"), std::string("a\\b"), std::string("a\0b", 3),
                          std::string("caf\xc3\xa9")})
    EXPECT_THROW(check_object_key(key), PermanentStorageError) << key;
  LocalStorage storage(fs::temp_directory_path() / "crest-never-made");
  EXPECT_THROW(storage.create("../escape", "text/plain"), PermanentStorageError);
  EXPECT_FALSE(fs::exists(fs::temp_directory_path() / "crest-never-made"));
}

}  // namespace
}  // namespace crest::storage
