#include "shared/storage/storage.hpp"

#include <gtest/gtest.h>

#include "core/config/config.hpp"

namespace crest::storage {
namespace {

TEST(MakeStorage, LocalUnderTheDataDirectoryUnlessAnS3UrlIsSet) {
  Config config = load_config({{"CREST_DATA_DIR", "/tmp/crest-data"}});
  auto local = make_storage(config);
  EXPECT_EQ(local->describe(), "local:/tmp/crest-data/files");
  EXPECT_TRUE(local->local_file("a/b.csv").has_value());

  config = load_config({{"CREST_STORAGE_URL", "s3://crest-files/exports?endpoint=http://127.0.0.1:9000&path_style=1"},
                        {"AWS_ACCESS_KEY_ID", "AK"},
                        {"AWS_SECRET_ACCESS_KEY", "SECRET"}});
  auto s3 = make_storage(config);
  EXPECT_EQ(s3->describe(), "s3://crest-files/exports/ at http://127.0.0.1:9000");
  EXPECT_FALSE(s3->local_file("a/b.csv").has_value());
  auto url = s3->download_url("a/b.csv", {"b.csv", "text/csv", std::chrono::seconds(60)});
  ASSERT_TRUE(url.has_value());
  EXPECT_TRUE(url->starts_with("http://127.0.0.1:9000/crest-files/exports/a/b.csv?X-Amz-Algorithm=")) << *url;
}

TEST(MakeStorage, ABadUrlOrMissingKeysIsAConfigurationError) {
  EXPECT_THROW(load_config({{"CREST_STORAGE_URL", "https://bucket"}}), ConfigError);
  try {
    make_storage(load_config({{"CREST_STORAGE_URL", "s3://Bad_Bucket"}, {"AWS_ACCESS_KEY_ID", "AK"}, {"AWS_SECRET_ACCESS_KEY", "S"}}));
    FAIL() << "a bad bucket name was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.variable(), "CREST_STORAGE_URL");
  }
  try {
    make_storage(load_config({{"CREST_STORAGE_URL", "s3://bucket"}}));
    FAIL() << "S3 without credentials was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.variable(), "AWS_ACCESS_KEY_ID");
  }
}

}  // namespace
}  // namespace crest::storage
